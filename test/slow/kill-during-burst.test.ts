import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { startServe } from '../support/run-zhibu.js';
import { addActivity } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { namesAnswered } from '../support/check-in-answers.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'kill-burst-key';
const TOKEN = 'kill-burst-token';
const GROUP = 'oc_kill_burst';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const MEMBERS = 200;

// kill -9 in the middle of a burst of 200 check-ins, then a restart, with Feishu behaving as
// it does: a delivery that got no 200 is delivered again. Every check-in is recorded once,
// stamped with the time its message was sent (on time, though handled after the crash, when
// a check-in would be late), and every member gets one answer.
describe('kill -9 during a burst of check-ins, on SQLite', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let activityId: number;
  const children: ChildProcess[] = [];
  // Sent about 12 minutes ago, a tenth of a second apart: on time, though handling them now would be late.
  const sentAt = (i: number) => new Date(firstSent + i * 100);
  let firstSent = 0;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
    const branch = await t.db.organization.create({ data: { name: '第一党支部', kind: 'branch' } });
    await t.db.chatBinding.create({ data: { platform: 'feishu', tenant: TENANT, chatId: GROUP, branchId: branch.id } });
    for (let i = 0; i < MEMBERS; i++) {
      const member = await t.db.member.create({ data: { name: `党员${i}`, branchId: branch.id, joinedAt: '2010-07-01', createdAt: new Date('2020-01-01T00:00:00Z') } });
      await t.db.identity.create({ data: { platform: 'feishu', tenant: TENANT, platformUserId: `ou_burst${i}`, memberId: member.id } });
    }
    // Started 25 minutes ago: late from 10 minutes ago on.
    activityId = (await addActivity(t.db, branch.id, new Date(Date.now() - 25 * 60_000).toISOString())).id;
    firstSent = Date.now() - 12 * 60_000;
    await t.db.$disconnect();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await standIn.close();
    await t.close();
  });

  const start = async () => {
    const started = await startServe({
      DATABASE_URL: t.url, ZHIBU_HTTP_LIMIT_PER_MINUTE: '0', ZHIBU_REMINDERS: 'off',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 's', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    });
    children.push(started.child);
    return started;
  };
  const deliver = async (port: number, i: number): Promise<number> => {
    const event = messageEvent({ text: '@_user_1 签到', senderOpenId: `ou_burst${i}`, mentions: [BOT], token: TOKEN, chatId: GROUP, messageId: `om_burst_${i}`, sentAt: sentAt(i) });
    const { body, headers } = feishuRequest(event, ENCRYPT_KEY);
    try {
      return (await fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', body, headers })).status;
    } catch {
      return 0; // the connection died with the process
    }
  };

  it('records each check-in once, on time, and answers each member once', async () => {
    const first = await start();
    const acknowledged = new Set<number>();
    let answered = 0;
    // A burst over about a second (not all at once: receipts are written in group commits, and
    // 200 at once could all be acknowledged in one before the kill lands).
    const burst = Array.from({ length: MEMBERS }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 5)).then(() => deliver(first.port, i)).then((status) => {
      answered += 1;
      if (status === 200) acknowledged.add(i);
      if (answered === 80) first.child.kill('SIGKILL');
    }));
    await Promise.all(burst);
    await first.exited;
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(MEMBERS);

    // Feishu delivers again what got no 200; what got one it never sends again.
    const second = await start();
    for (let i = 0; i < MEMBERS; i++) if (!acknowledged.has(i)) expect(await deliver(second.port, i)).toBe(200);

    const { db } = await (await import('../../src/db/client.js')).openDatabase(t.url);
    try {
      await waitFor(async () => (await db.checkIn.count({ where: { activityId } })) === MEMBERS, 'every check-in', 120_000);
      const named = () => namesAnswered(standIn.texts());
      await waitFor(() => new Set(named()).size === MEMBERS, 'an answer to every member', 120_000);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await db.checkIn.count({ where: { activityId } })).toBe(MEMBERS);
      expect(await db.checkIn.count({ where: { activityId, status: 'present' } })).toBe(MEMBERS);
      const rows = await db.checkIn.findMany({ where: { activityId }, include: { member: true } });
      for (const row of rows) expect(row.checkedInAt?.getTime()).toBe(sentAt(Number(row.member.name.replace('党员', ''))).getTime());
      // One answer each: Feishu shows a message once per uuid, so count what it shows (a
      // combined answer interrupted by the kill went again under its key).
      expect(named()).toHaveLength(MEMBERS);
    } finally {
      await db.$disconnect();
    }
  });
});
