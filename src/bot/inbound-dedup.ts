import { isUniqueViolation, type Db, type Prisma } from '../db/client.js';
import type { InboundEventRow } from '../db/insert-inbound-events.js';
import { markInboundDone } from '../db/mark-inbound-done.js';
import type { IncomingMessage } from './types.js';

/** A claim left "processing" this long is taken to belong to a process that died. */
export const STALE_CLAIM_MS = 5 * 60_000;
/**
 * A received event nobody claimed this long was stored by a process that died before handling
 * it (or whose handling was lost): the sweep takes it. Short, since nothing is working on it.
 */
export const UNCLAIMED_AFTER_MS = 30_000;
/** Past this age a stalled event is no longer worth answering (Feishu stops retrying at 6 h). */
const RECOVERY_HORIZON_MS = 6 * 3600_000;
/**
 * How many times handling an event may start. An event whose handling never finishes (it
 * hangs or kills the process) would otherwise be replayed by the sweep after every restart.
 */
export const MAX_EVENT_ATTEMPTS = 3;

/**
 * The row that stores an inbound event on receipt, before the platform is acknowledged (the
 * inbox writes it, in a group commit): from then on the event cannot be lost, since the sweep
 * handles what a dead process left behind. With `claim`, it is stored claimed (as
 * `claimInboundEvent` would leave it) for a caller that handles it at once.
 */
export function receiptRow(msg: IncomingMessage, now: Date, claim: boolean): InboundEventRow {
  return {
    platform: msg.platform, eventId: msg.eventId, payload: JSON.stringify(payloadOf(msg)), receivedAt: now,
    ...(claim ? { status: 'processing', attempts: 1, claimedAt: now } : { status: 'received', attempts: 0, claimedAt: null }),
  };
}

/**
 * Claims an inbound event for handling: the received row, or a new one for an event that was
 * not stored on receipt (a check-in link, a test). Platforms deliver at least once (Feishu
 * retries at 15 s, 5 min, 1 h and 6 h), so the claim lives in the database: a redelivery after
 * a restart is still recognised. Returns false when the event was handled, is in hand, or has
 * used its attempts.
 */
export async function claimInboundEvent(db: Db, msg: IncomingMessage, now: Date): Promise<boolean> {
  // A message stored on receipt has its row: take it in one statement, without the insert
  // that would fail on the unique key (a statement and a thrown error per message).
  if (msg.receivedAt && (await takeStoredEvent(db, msg, now))) return true;
  try {
    await db.inboundEvent.create({ data: { platform: msg.platform, eventId: msg.eventId, status: 'processing', attempts: 1, receivedAt: msg.receivedAt ?? now, claimedAt: now, payload: payloadOf(msg) } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return msg.receivedAt ? false : takeStoredEvent(db, msg, now);
  }
}

/**
 * Takes a received event, or retakes a claim whose process died before finishing; done and
 * failed events stay as they are.
 */
async function takeStoredEvent(db: Db, msg: IncomingMessage, now: Date): Promise<boolean> {
  const taken = await db.inboundEvent.updateMany({
    where: {
      platform: msg.platform, eventId: msg.eventId,
      OR: [
        { status: 'received' },
        { status: 'processing', attempts: { lt: MAX_EVENT_ATTEMPTS }, ...staleClaim(now) },
      ],
    },
    data: { status: 'processing', claimedAt: now, attempts: { increment: 1 } },
  });
  return taken.count === 1;
}

/** Marks a claimed event handled, with the other writes that must happen with it (the replies). */
export async function finishInboundEvent(db: Db, platform: string, eventId: string, now: Date, alongside: Prisma.PrismaPromise<unknown>[] = []): Promise<void> {
  const done = { where: { platform_eventId: { platform, eventId } }, data: { status: 'done' as const, doneAt: now } };
  // Alone, the mark is one statement and atomic already: no transaction's BEGIN and COMMIT,
  // and marks finishing together share one.
  if (alongside.length === 0) {
    if (!(await markInboundDone(db, { platform, eventId, doneAt: now }))) throw new Error(`inbound event ${platform} ${eventId} is not stored`);
    return;
  }
  await db.$transaction([
    ...alongside,
    db.inboundEvent.update(done),
  ]);
}

/**
 * Forgets an event that was stored on receipt but turned out not to be for the bot (group
 * chatter the platform delivered): nothing of it is kept.
 */
export async function dropInboundEvent(db: Db, platform: string, eventId: string): Promise<void> {
  await db.inboundEvent.deleteMany({ where: { platform, eventId, status: 'received' } });
}

/** A stalled event: handling started `attempts` times and never finished. */
export interface StalledEvent {
  id: number;
  attempts: number;
  msg: IncomingMessage;
}

/**
 * Events stored but never handled to the end, oldest first, in a bounded batch: received and
 * unclaimed for a while (the process died after acknowledging them), or claimed by a process
 * that died. Handling them again retakes their claims.
 */
export async function stalledEvents(db: Db, now: Date, take = 50, deadBefore?: Date): Promise<StalledEvent[]> {
  const unclaimedBefore = new Date(Math.max(now.getTime() - UNCLAIMED_AFTER_MS, deadBefore?.getTime() ?? 0));
  const rows = await db.inboundEvent.findMany({
    where: {
      receivedAt: { gt: new Date(now.getTime() - RECOVERY_HORIZON_MS) },
      OR: [
        { status: 'received', receivedAt: { lt: unclaimedBefore } },
        { status: 'processing', ...staleClaim(now) },
      ],
    },
    orderBy: { receivedAt: 'asc' },
    take,
  });
  return rows.flatMap((r) => (r.payload ? [{ id: r.id, attempts: r.attempts, msg: messageOf(r.payload, r.receivedAt) }] : []));
}

/**
 * Hands back to the sweep what a dead process had claimed: on SQLite one process serves a
 * database (the instance lock), so at start-up every claim taken before `startedAt` is a dead
 * one's, and waiting out the stale delay would only keep people waiting for their answers.
 * Received events older than `startedAt` are taken by the next sweep at once as well.
 */
export async function releaseClaimsOfDeadProcess(db: Db, startedAt: Date): Promise<number> {
  const released = await db.inboundEvent.updateMany({ where: { status: 'processing', OR: [{ claimedAt: { lt: startedAt } }, { claimedAt: null, receivedAt: { lt: startedAt } }] }, data: { status: 'received' } });
  return released.count;
}

/**
 * Gives up on a stalled event that used its attempts. Returns false when another process got
 * there first (or the event finished meanwhile), so only one of them tells the sender.
 */
export async function failInboundEvent(db: Db, id: number, now: Date): Promise<boolean> {
  const failed = await db.inboundEvent.updateMany({ where: { id, status: 'processing' }, data: { status: 'failed', doneAt: now } });
  return failed.count === 1;
}

/** A claim older than the stale delay (rows claimed before claims were stamped count from receipt). */
function staleClaim(now: Date) {
  const before = new Date(now.getTime() - STALE_CLAIM_MS);
  return { OR: [{ claimedAt: { lt: before } }, { claimedAt: null, receivedAt: { lt: before } }] };
}

/** The message as stored: plain JSON, dates as ISO strings; the receipt time is its own column. */
function payloadOf(msg: IncomingMessage): Prisma.InputJsonValue {
  const { receivedAt: _receipt, claimedOnReceipt: _claimed, ...message } = msg;
  // A file's bytes, fetched to read its header, are not stored: the reference fetches them again.
  const { content: _content, ...attachment } = message.attachment ?? {};
  return JSON.parse(JSON.stringify(message.attachment ? { ...message, attachment } : message)) as Prisma.InputJsonValue;
}

/** The stored message again, with its dates as dates and the time it was received. */
function messageOf(payload: Prisma.JsonValue, receivedAt: Date): IncomingMessage {
  const stored = payload as unknown as IncomingMessage & { sentAt?: string };
  return { ...stored, ...(typeof stored.sentAt === 'string' ? { sentAt: new Date(stored.sentAt) } : {}), receivedAt };
}
