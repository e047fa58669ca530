import { isUniqueViolation, type Db } from '../db/client.js';

/** A claim left "processing" this long is taken to belong to a process that died. */
const STALE_CLAIM_MS = 5 * 60_000;

/**
 * Claims an inbound event for processing. Platforms deliver at least once (Feishu retries at
 * 15 s, 5 min, 1 h and 6 h), so the claim lives in the database: a redelivery after a restart
 * is still recognised. Returns false when the event was already handled or is in hand.
 */
export async function claimInboundEvent(db: Db, platform: string, eventId: string, now: Date): Promise<boolean> {
  try {
    await db.inboundEvent.create({ data: { platform, eventId, receivedAt: now } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Retake a claim whose process died before finishing; done events stay done.
    const retaken = await db.inboundEvent.updateMany({
      where: { platform, eventId, status: 'processing', receivedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
      data: { receivedAt: now },
    });
    return retaken.count === 1;
  }
}

/** Marks a claimed event handled. */
export async function finishInboundEvent(db: Db, platform: string, eventId: string, now: Date): Promise<void> {
  await db.inboundEvent.update({ where: { platform_eventId: { platform, eventId } }, data: { status: 'done', doneAt: now } });
}
