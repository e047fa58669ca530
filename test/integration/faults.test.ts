import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/bot/commands/index.js';
import { createConversation } from '../../src/bot/handle-message.js';
import { createRegistry } from '../../src/bot/registry.js';
import { insertNotifications } from '../../src/db/insert-notifications.js';
import { silentLogger } from '../../src/logger.js';
import { FeishuPlatform } from '../../src/platforms/feishu/feishu-platform.js';
import { dispatchDue } from '../../src/reminders/dispatcher.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { processEnv, ZHIBU_BIN } from '../support/run-zhibu.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('Feishu unreachable for ten minutes', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });

  it('delivers every reminder after it comes back, in order, none lost and none twice', async () => {
    await insertNotifications(t.db, Array.from({ length: 12 }, (_, i) => ({
      idempotencyKey: `outage:${i}`, kind: i % 3 === 0 ? 'party_day_morning' : 'dues_private', branchId: null, memberId: null, platform: 'feishu', tenant: 'tk',
      targetKind: i % 3 === 0 ? 'chat' : 'user', targetId: i % 3 === 0 ? 'oc_group' : `ou_${i}`, payload: JSON.stringify({ lines: [`提醒 ${i}`] }),
      dueAt: sh(`2026-12-04T08:30:${String(i).padStart(2, '0')}`), expiresAt: null, status: 'pending' as const, lastError: null,
    })), sh('2026-12-04T08:30:00'));
    // Waits between the sender's own retries pass at once; the dispatcher's are in `now`.
    const feishu = new FeishuPlatform({ appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 's', mode: 'webhook', domain: standIn.url, log: silentLogger, timing: { sleep: async () => {}, clock: Date.now } });
    const pass = (local: string) => dispatchDue({ db: t.db, platforms: new Map([['feishu', feishu]]), log: silentLogger, workerId: 'w', defaultZone: 'Asia/Shanghai' }, sh(local));

    await standIn.goDown();
    for (const minute of ['08:31', '08:32', '08:34', '08:38']) expect((await pass(`2026-12-04T${minute}`)).sent).toBe(0);
    expect(await t.db.notification.count({ where: { status: 'pending', attempts: 4 } })).toBe(12);
    await standIn.comeBack();
    await pass('2026-12-04T08:41');
    await pass('2026-12-04T08:47');

    expect(await t.db.notification.count({ where: { status: 'sent' } })).toBe(12);
    const texts = standIn.calls.map((c) => (c.content as { text: string }).text);
    expect([...texts].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `提醒 ${i}`).sort());
    // One recipient hears its messages in the order they were due.
    expect(standIn.calls.filter((c) => c.receiveId === 'oc_group').map((c) => (c.content as { text: string }).text)).toEqual(['提醒 0', '提醒 3', '提醒 6', '提醒 9']);
    await feishu.stop();
  });
});

describe('SQLite with several writers', () => {
  it('makes a second writer wait, never fail: check-ins go on while other zhibu processes write', async () => {
    const t = await createTestDatabase('sqlite');
    try {
      const seeded = await seedBranch(t.db);
      const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
      await t.db.member.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ name: `新党员${i}`, branchId: seeded.branchId })) });
      const people = await t.db.member.findMany({ where: { name: { startsWith: '新党员' } }, orderBy: { id: 'asc' } });
      await t.db.identity.createMany({ data: people.map((p) => ({ platform: 'console', tenant: 'local', platformUserId: p.name, memberId: p.id })) });

      // Other processes on the same file, as an operator's commands run beside the bot.
      const run = (args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, [ZHIBU_BIN, ...args], { env: processEnv({ DATABASE_URL: t.url, ZHIBU_REMINDERS: 'off' }) });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.once('exit', (code) => resolve({ code, output }));
      });
      const handle = createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger });
      const checkIns = Promise.all(people.map(async (p, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 15));
        return handle({
          platform: 'console', tenant: 'local', chatId: 'console-group', chatType: 'group', senderId: p.name, text: '签到', mentionedBot: true, mentions: [], eventId: `w-${i}`,
          action: { command: '签到', activityId: String(activity.id) },
        });
      }));
      const [answers, erase, tick, prune] = await Promise.all([checkIns, run(['member', 'erase', '赵六', '--yes']), run(['tick']), run(['prune'])]);

      for (const other of [erase, tick, prune]) expect(other, other.output).toMatchObject({ code: 0 });
      const texts = answers.flat().map((r) => r.message.lines.join(''));
      expect(texts.filter((line) => line.includes('签到成功'))).toHaveLength(60);
      expect(texts.join('\n')).not.toMatch(/出错|locked/);
      expect(await t.db.checkIn.count({ where: { activityId: activity.id } })).toBe(60);
      expect(await t.db.member.count({ where: { name: '赵六' } })).toBe(0);
    } finally {
      await t.close();
    }
  }, 120_000);
});
