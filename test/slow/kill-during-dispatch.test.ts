import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotifications } from '../../src/db/insert-notifications.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { processEnv, ZHIBU_BIN } from '../support/run-zhibu.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const COUNT = 1000;

// kill -9 in the middle of sending 1,000 reminders, then a restart: each reaches Feishu once.
// Rows the dead process had claimed wait for their lease to lapse and are sent again with the
// same idempotency key (Feishu's uuid), so one the platform had already taken is not shown twice.
describe('a bot killed while sending', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn({ limits: { perApp: 50, perTarget: 5 } });
    const due = new Date('2026-12-04T01:00:00Z');
    await insertNotifications(t.db, Array.from({ length: COUNT }, (_, i) => ({
      idempotencyKey: `kill-test:${i}`, kind: 'dues_private', branchId: null, memberId: null, platform: 'feishu', tenant: 'tk',
      targetKind: 'user', targetId: `ou_member_${i}`, payload: JSON.stringify({ lines: [`第 ${i} 条提醒`] }), dueAt: due, expiresAt: null,
      status: 'pending' as const, lastError: null,
    })), due);
    await t.db.$disconnect();
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });

  const tick = (at: string) => spawn(process.execPath, [ZHIBU_BIN, 'tick', '--at', at], {
    env: processEnv({
      DATABASE_URL: t.url, LOG_LEVEL: 'warn',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'ws', FEISHU_DOMAIN: standIn.url,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  it('sends every notification exactly once', async () => {
    const first = tick('2026-12-04T09:05:00+08:00');
    const firstExit = new Promise<void>((resolve) => first.once('exit', () => resolve()));
    await waitFor(() => standIn.calls.length >= COUNT / 4, 'a quarter to be sent', 120_000);
    first.kill('SIGKILL');
    await firstExit;
    const beforeRestart = standIn.calls.length;
    expect(beforeRestart).toBeLessThan(COUNT);

    // After the five-minute lease of the dead process's claims.
    const second = tick('2026-12-04T09:11:00+08:00');
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    second.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    expect(await new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)))).toBe(0);

    const uuids = standIn.calls.map((c) => c.uuid);
    expect(new Set(uuids).size).toBe(COUNT);
    expect(uuids).toHaveLength(COUNT);
    const { openDatabase } = await import('../../src/db/client.js');
    const { db, close } = await openDatabase(t.url);
    expect(await db.notification.count({ where: { status: 'sent' } })).toBe(COUNT);
    await close();
    expect(output).toMatch(/sent \d+/);
  });
});
