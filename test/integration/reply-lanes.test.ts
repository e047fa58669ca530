import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { insertNotifications } from '../../src/db/insert-notifications.js';
import { silentLogger } from '../../src/logger.js';
import { REPLY_KIND } from '../../src/outbox/reply-rows.js';
import { FeishuPlatform } from '../../src/platforms/feishu/feishu-platform.js';
import { startReplyDispatch } from '../../src/reminders/reply-dispatch.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const BUSY = 'oc_busy_lanes';

// Replies leave through the outbox. A group with a hundred replies queued drains at Feishu's
// 5/s per chat (the stand-in enforces it, and 50/s per app); a reply to another chat stored
// meanwhile must not wait for that backlog (issue 16, case 3).
describe('reply lanes', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn({ limits: { perApp: 50, perTarget: 5 } });
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });

  const queue = (targetId: string, keys: string[]) => {
    const now = systemClock();
    return insertNotifications(t.db, keys.map((key) => ({
      idempotencyKey: `${REPLY_KIND}:lanes:${key}`, kind: REPLY_KIND, branchId: null, memberId: null, platform: 'feishu', tenant: 'tk',
      targetKind: 'chat', targetId, payload: JSON.stringify({ message: { lines: [`回复 ${key}`] } }), dueAt: now, expiresAt: null,
      status: 'pending' as const, lastError: null,
    })), now);
  };

  it('sends a reply to an idle chat within a second while a busy group drains at 5/s, and each reply once', async () => {
    const feishu = new FeishuPlatform({ appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 's', mode: 'webhook', domain: standIn.url, log: silentLogger });
    const replies = startReplyDispatch({ db: t.db, platforms: new Map([['feishu', feishu]]), log: silentLogger, workerId: 'w', defaultZone: 'Asia/Shanghai' }, systemClock);
    try {
      await queue(BUSY, Array.from({ length: 100 }, (_, i) => `busy-${i}`));
      replies.kick();
      await waitFor(() => standIn.calls.length >= 10, 'the busy group being served', 10_000);

      const waits: number[] = [];
      for (const chat of ['oc_idle_1', 'oc_idle_2', 'ou_idle_person']) {
        const storedAt = Date.now();
        await queue(chat, [chat]);
        replies.kick();
        await waitFor(() => standIn.calls.some((c) => c.receiveId === chat), `the reply to ${chat}`, 10_000);
        waits.push((standIn.calls.find((c) => c.receiveId === chat)?.at ?? Infinity) - storedAt);
      }
      expect(standIn.calls.filter((c) => c.receiveId === BUSY).length).toBeLessThan(60);
      console.info(`replies to idle chats took ${waits.join(', ')} ms from being stored`);
      for (const wait of waits) expect(wait).toBeLessThan(1000);

      await waitFor(async () => (await t.db.notification.count({ where: { status: 'sent' } })) === 103, 'every reply sent', 40_000);
      expect(standIn.calls.filter((c) => c.receiveId === BUSY)).toHaveLength(100);
      // (A send the stand-in refused, counting by arrival, went again after its reset: a first
      // send that waits for the tenant token arrives late, and the next window's look early.)
    } finally {
      await replies.stop();
      await feishu.stop();
    }
  }, 60_000);
});
