import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createInbox } from '../../src/bot/inbox.js';
import type { IncomingMessage } from '../../src/bot/types.js';
import { openDatabase } from '../../src/db/client.js';
import { insertInboundEvents } from '../../src/db/insert-inbound-events.js';
import { markInboundDone } from '../../src/db/mark-inbound-done.js';
import { receiptRow } from '../../src/bot/inbound-dedup.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

const AT = new Date('2026-11-06T07:00:00.000Z');
const message = (eventId: string, text = '签到'): IncomingMessage => ({
  platform: 'feishu', tenant: 'tenant', chatId: 'oc_group', chatType: 'group', senderId: 'ou_member', text, mentionedBot: true, mentions: [], eventId,
  sentAt: new Date('2026-11-06T06:59:58.000Z'), action: { command: '签到', activityId: '7' },
});

describe.each(testProviders())('receipts stored together, on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('one statement stores new events as Prisma reads them, and says which were new: not one stored before, nor a second copy in the same batch', async () => {
    const { db } = t();
    await insertInboundEvents(db, [receiptRow(message('ev-before'), AT, false)]);
    const isNew = await insertInboundEvents(db, [
      receiptRow(message('ev-1', '签到 "引号" 与 \\ 反斜杠'), AT, false),
      receiptRow(message('ev-before'), AT, false),
      receiptRow(message('ev-2'), AT, true),
      receiptRow(message('ev-2'), AT, true),
    ]);
    expect(isNew).toEqual([true, false, true, false]);
    const rows = await db.inboundEvent.findMany({ orderBy: { eventId: 'asc' } });
    expect(rows.map((r) => [r.eventId, r.status, r.attempts, r.receivedAt.toISOString(), r.claimedAt?.toISOString() ?? null])).toEqual([
      ['ev-1', 'received', 0, AT.toISOString(), null],
      ['ev-2', 'processing', 1, AT.toISOString(), AT.toISOString()],
      ['ev-before', 'received', 0, AT.toISOString(), null],
    ]);
    // The payload is the message as the sweep reads it back: JSON, dates as text, no receipt fields.
    expect(rows[0]?.payload).toEqual({ ...JSON.parse(JSON.stringify(message('ev-1', '签到 "引号" 与 \\ 反斜杠'))) });
  });

  it('marks finishing together are one statement, each with its own time; a mark of an event not stored says so', async () => {
    const { db } = t();
    await insertInboundEvents(db, ['d-1', 'd-2', 'd-3'].map((id) => receiptRow(message(id), AT, true)));
    const at = (s: number) => new Date(AT.getTime() + s * 1000);
    const marked = await Promise.all([
      markInboundDone(db, { platform: 'feishu', eventId: 'd-1', doneAt: at(1) }),
      markInboundDone(db, { platform: 'feishu', eventId: 'd-3', doneAt: at(3) }),
      markInboundDone(db, { platform: 'feishu', eventId: 'never-stored', doneAt: at(4) }),
      markInboundDone(db, { platform: 'dingtalk', eventId: 'd-2', doneAt: at(5) }),
    ]);
    expect(marked).toEqual([true, true, false, false]);
    const rows = await db.inboundEvent.findMany({ orderBy: { eventId: 'asc' } });
    expect(rows.map((r) => [r.eventId, r.status, r.doneAt?.toISOString() ?? null])).toEqual([
      ['d-1', 'done', at(1).toISOString()],
      ['d-2', 'processing', null],
      ['d-3', 'done', at(3).toISOString()],
    ]);
  });

  it('two connections storing the same events in opposite orders at once store each once', async () => {
    const { db, url } = t();
    const other = await openDatabase(url);
    try {
      for (let round = 0; round < 5; round++) {
        const rows = Array.from({ length: 100 }, (_, i) => receiptRow(message(`both-${round}-${i}`), AT, false));
        const [mine, theirs] = await Promise.all([insertInboundEvents(db, rows), insertInboundEvents(other.db, [...rows].reverse())]);
        // Each event is new to exactly one of them.
        expect(mine.map((isNew, i) => Number(isNew) + Number(theirs[rows.length - 1 - i]))).toEqual(rows.map(() => 1));
      }
      expect(await db.inboundEvent.count()).toBe(500);
    } finally {
      await other.close();
    }
  });

  it('the inbox stores a burst of receipts, each answered new once, and a redelivery as not new', async () => {
    const { db } = t();
    const inbox = createInbox(db, systemClock);
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => inbox.receive(message(`burst-${i % 25}`), { claim: i % 2 === 0 })));
    expect(burst.filter((r) => r.isNew)).toHaveLength(25);
    expect(await db.inboundEvent.count()).toBe(25);
    // Claimed on receipt only when asked and new.
    const claimed = burst.filter((r) => r.received.claimedOnReceipt === true).map((r) => r.received.eventId);
    const processing = await db.inboundEvent.findMany({ where: { status: 'processing' }, select: { eventId: true } });
    expect(processing.map((r) => r.eventId).sort()).toEqual([...claimed].sort());
    expect((await inbox.receive(message('burst-3'))).isNew).toBe(false);
  });
});
