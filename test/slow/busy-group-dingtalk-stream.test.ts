import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORP_ID, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { startServe } from '../support/run-zhibu.js';
import { addActivity } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { namesAnswered } from '../support/check-in-answers.js';
import { waitFor } from '../support/wait-for.js';

const BUSY = 'cidBusyGroup0001==';
const OTHER = 'cidOtherGroup0001==';
const MEMBERS = 400;
const PER_SECOND = 20;
const PROBES_AT = [5, 15, 21];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// The DingTalk side of issue 16, case 3, over the real Stream WebSocket (the SDK's JSON
// frames) into a real `zhibu serve`: 400 check-ins in one group at 20/s, answered through the
// group's session webhook within DingTalk's 20 QPS per API; meanwhile a private /whoami and a
// /help in another group are answered within 2 s, and no check-in is lost or doubled.
describe('a busy group over DingTalk Stream', () => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let child: ChildProcess | undefined;
  let activityId: number;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startDingtalkStandIn();
    const branch = await t.db.organization.create({ data: { name: '第一党支部', kind: 'branch' } });
    for (const chatId of [BUSY, OTHER]) await t.db.chatBinding.create({ data: { platform: 'dingtalk', tenant: CORP_ID, chatId, branchId: branch.id } });
    await t.db.member.createMany({ data: Array.from({ length: MEMBERS }, (_, i) => ({ name: `党员${i}`, branchId: branch.id, joinedAt: '2010-07-01', createdAt: new Date('2020-01-01T00:00:00Z') })) });
    const members = await t.db.member.findMany({ select: { id: true, name: true } });
    await t.db.identity.createMany({ data: members.map((m) => ({ platform: 'dingtalk', tenant: CORP_ID, platformUserId: `busy${m.name.replace('党员', '')}`, memberId: m.id })) });
    // Starts in five minutes: every check-in of the burst is on time.
    activityId = (await addActivity(t.db, branch.id, new Date(Date.now() + 5 * 60_000).toISOString())).id;
    await t.db.$disconnect();
    const started = await startServe({ DATABASE_URL: t.url, ZHIBU_REMINDERS: 'off', DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: standIn.url });
    child = started.child;
    await waitFor(() => standIn.connections === 1, 'the stream connection', 30_000);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await standIn.close();
    await t.close();
  });

  /** When the stand-in first took a post to session webhook `session`. */
  const answeredAt = (session: string): number | undefined => {
    const index = standIn.calls.findIndex((c) => c.session === session);
    return index < 0 ? undefined : standIn.callTimes[index];
  };

  it('loses and doubles none of 400 check-ins, and answers other chats within 2 s meanwhile', async () => {
    const probes: { label: string; session: string; sentAt: number }[] = [];
    const probe = (second: number) => {
      const whoami = { label: `/whoami at ${second} s`, session: `s-whoami-${second}`, sentAt: Date.now() };
      standIn.push(robotMessage({ text: '/whoami', staffId: 'busy7', conversationType: '1', conversationId: `cidPrivate${second}==`, sessionWebhook: standIn.sessionWebhook(whoami.session) }));
      const help = { label: `/help in another group at ${second} s`, session: `s-help-${second}`, sentAt: Date.now() };
      standIn.push(robotMessage({ text: '/help', staffId: 'busy8', conversationId: OTHER, sessionWebhook: standIn.sessionWebhook(help.session) }));
      probes.push(whoami, help);
    };

    const burstFrames = new Set<string>();
    const startedAt = Date.now();
    const pending = [...PROBES_AT];
    for (let i = 0; i < MEMBERS; i++) {
      await sleep(startedAt + (i * 1000) / PER_SECOND - Date.now());
      if ((pending[0] ?? Infinity) * 1000 <= Date.now() - startedAt) probe(pending.shift() ?? 0);
      burstFrames.add(standIn.push(robotMessage({ text: '签到', staffId: `busy${i}`, conversationId: BUSY, msgId: `msgBusy${i}`, sessionWebhook: standIn.sessionWebhook('s-busy') })));
    }
    for (const second of pending) {
      await sleep(startedAt + second * 1000 - Date.now());
      probe(second);
    }

    await waitFor(() => probes.every((p) => answeredAt(p.session) !== undefined), 'an answer to every probe', 30_000);
    const waits = probes.map((p) => ({ label: p.label, ms: (answeredAt(p.session) ?? Infinity) - p.sentAt }));
    console.info(`answers to the other chats took ${waits.map((w) => `${w.label}: ${w.ms} ms`).join(', ')}`);
    for (const wait of waits) expect(wait.ms, wait.label).toBeLessThan(2000);

    // Every frame acknowledged; every check-in recorded once and answered once in the group.
    await waitFor(() => standIn.upFrames.filter((f) => burstFrames.has((f.headers as { messageId?: string }).messageId ?? '')).length === MEMBERS, 'an ack for every frame', 30_000);
    const groupReplies = () => standIn.calls.filter((c) => c.session === 's-busy').map((c) => String(c.param.content));
    const { db } = await (await import('../../src/db/client.js')).openDatabase(t.url);
    try {
      await waitFor(async () => (await db.checkIn.count({ where: { activityId } })) === MEMBERS, 'every check-in', 60_000);
      await waitFor(() => namesAnswered(groupReplies()).length >= MEMBERS, 'an answer to every check-in', 120_000);
      await sleep(2000);
      expect(await db.checkIn.count({ where: { activityId, status: 'present' } })).toBe(MEMBERS);
      // Every member named once; the answers waiting for the group's turn went together.
      expect(namesAnswered(groupReplies())).toHaveLength(MEMBERS);
      expect(new Set(namesAnswered(groupReplies())).size).toBe(MEMBERS);
      console.info(`all ${MEMBERS} check-ins answered ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the burst began, in ${groupReplies().length} group messages`);
    } finally {
      await db.$disconnect();
    }
  }, 240_000);
});
