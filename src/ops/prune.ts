import type { Db } from '../db/client.js';

/**
 * Deletes what is kept only for delivery: inbound event ids (de-duplication needs hours, not
 * months) and notifications that were sent or skipped, older than `days`, and callback
 * signatures past their validity window. Ledgers (check-ins, dues, activities, the audit log)
 * are never pruned.
 */
export async function pruneDeliveryRecords(db: Db, days: number, now: Date): Promise<{ inboundEvents: number; notifications: number; callbackSignatures: number }> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const [inboundEvents, notifications, callbackSignatures] = await db.$transaction([
    db.inboundEvent.deleteMany({ where: { receivedAt: { lt: before }, status: 'done' } }),
    db.notification.deleteMany({ where: { updatedAt: { lt: before }, status: { in: ['sent', 'skipped'] } } }),
    db.callbackSignature.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return { inboundEvents: inboundEvents.count, notifications: notifications.count, callbackSignatures: callbackSignatures.count };
}
