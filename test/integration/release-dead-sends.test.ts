import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseSendsOfDeadProcess } from '../../src/reminders/dispatcher.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `zhibu serve` starting on SQLite hands back what a dead process left "sending". A `zhibu tick`
// (cron) sending beside it is alive: its rows stay its own, or they would be sent twice.
describe('handing back the sends of a dead process, on sqlite', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('hands back the rows of a process that exited or of another host, not those of a process still running here', async () => {
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    const exitedPid = spawnSync(process.execPath, ['-e', '']).pid;
    try {
      const now = new Date('2027-01-04T01:00:00.000Z');
      const claims = { tick: `${hostname()}:${running.pid}:abc123`, dead: `${hostname()}:${exitedPid}:def456`, elsewhere: 'another-host:1:ghi789', me: `${hostname()}:${process.pid}:self00` };
      await t.db.notification.createMany({
        data: Object.entries(claims).map(([who, claimedBy]) => ({
          idempotencyKey: `party_day:${who}`, kind: 'party_day', platform: 'feishu', tenant: 'tk', targetKind: 'chat', targetId: 'oc_1',
          payload: { lines: ['明天是固定党日'] }, dueAt: now, status: 'sending' as const, claimedBy, claimedUntil: new Date(now.getTime() + 300_000),
        })),
      });
      expect(await releaseSendsOfDeadProcess(t.db, claims.me)).toBe(2);
      const rows = await t.db.notification.findMany({ orderBy: { id: 'asc' }, select: { idempotencyKey: true, status: true, claimedBy: true } });
      expect(rows).toEqual([
        { idempotencyKey: 'party_day:tick', status: 'sending', claimedBy: claims.tick },
        { idempotencyKey: 'party_day:dead', status: 'pending', claimedBy: null },
        { idempotencyKey: 'party_day:elsewhere', status: 'pending', claimedBy: null },
        { idempotencyKey: 'party_day:me', status: 'sending', claimedBy: claims.me },
      ]);
    } finally {
      running.kill();
      await once(running, 'exit');
    }
  });
});
