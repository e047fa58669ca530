import { isUniqueViolation, type Db, type Prisma } from '../db/client.js';
import type { IncomingMessage } from './types.js';

/** A claim left "processing" this long is taken to belong to a process that died. */
export const STALE_CLAIM_MS = 5 * 60_000;
/** Past this age a stalled event is no longer worth answering (Feishu stops retrying at 6 h). */
const RECOVERY_HORIZON_MS = 6 * 3600_000;
/**
 * How many times handling an event may start. An event whose handling never finishes (it
 * hangs or kills the process) would otherwise be replayed by the sweep after every restart.
 */
export const MAX_EVENT_ATTEMPTS = 3;

/**
 * Claims an inbound event for processing. Platforms deliver at least once (Feishu retries at
 * 15 s, 5 min, 1 h and 6 h), so the claim lives in the database: a redelivery after a restart
 * is still recognised. The message is kept with the claim, so one that was acknowledged but
 * not finished can be handled later. Returns false when the event was handled or is in hand.
 */
export async function claimInboundEvent(db: Db, msg: IncomingMessage, now: Date): Promise<boolean> {
  // Kept without its arrival time: handling it again happens at a new time.
  const { receivedAt: _arrived, ...message } = msg;
  const payload = JSON.parse(JSON.stringify(message)) as Prisma.InputJsonValue;
  try {
    await db.inboundEvent.create({ data: { platform: msg.platform, eventId: msg.eventId, receivedAt: now, payload } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Retake a claim whose process died before finishing; done events stay done.
    const retaken = await db.inboundEvent.updateMany({
      where: { platform: msg.platform, eventId: msg.eventId, status: 'processing', attempts: { lt: MAX_EVENT_ATTEMPTS }, receivedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
      data: { receivedAt: now, attempts: { increment: 1 } },
    });
    return retaken.count === 1;
  }
}

/** Marks a claimed event handled. */
export async function finishInboundEvent(db: Db, platform: string, eventId: string, now: Date): Promise<void> {
  await db.inboundEvent.update({ where: { platform_eventId: { platform, eventId } }, data: { status: 'done', doneAt: now } });
}

/** A stalled event: handling started `attempts` times and never finished. */
export interface StalledEvent {
  id: number;
  attempts: number;
  msg: IncomingMessage;
}

/**
 * Messages whose handling started but never finished (the process died after acknowledging
 * them), oldest first, in a bounded batch; handling them again retakes their claims.
 */
export async function stalledEvents(db: Db, now: Date, take = 50): Promise<StalledEvent[]> {
  const rows = await db.inboundEvent.findMany({
    where: {
      status: 'processing',
      receivedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS), gt: new Date(now.getTime() - RECOVERY_HORIZON_MS) },
    },
    orderBy: { receivedAt: 'asc' },
    take,
  });
  return rows.flatMap((r) => (r.payload ? [{ id: r.id, attempts: r.attempts, msg: r.payload as unknown as IncomingMessage }] : []));
}

/**
 * Gives up on a stalled event that used its attempts. Returns false when another process got
 * there first (or the event finished meanwhile), so only one of them tells the sender.
 */
export async function failInboundEvent(db: Db, id: number, now: Date): Promise<boolean> {
  const failed = await db.inboundEvent.updateMany({ where: { id, status: 'processing' }, data: { status: 'failed', doneAt: now } });
  return failed.count === 1;
}
