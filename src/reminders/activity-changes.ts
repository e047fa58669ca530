import type { Activity, Db, Prisma } from '../db/client.js';
import { checkInWindow } from '../domain/check-in-window.js';

type Tx = Prisma.TransactionClient;

/**
 * Marks the outbox rows still waiting for an activity as skipped: after a move or a
 * cancellation they would announce the wrong time. (Their keys name the activity:
 * "…:activity-12@2026-12-04T15:00".) Returns how many.
 */
export async function skipWaitingNotifications(db: Db | Tx, activityId: number, reason: string): Promise<number> {
  const skipped = await db.notification.updateMany({
    where: { status: 'pending', idempotencyKey: { contains: `:activity-${activityId}@` } },
    data: { status: 'skipped', lastError: reason },
  });
  return skipped.count;
}

/** Marks the asks for an activity's meeting record still waiting as skipped: the record now exists. */
export async function skipWaitingRecordReminders(db: Db | Tx, activityId: number): Promise<number> {
  const skipped = await db.notification.updateMany({
    where: { status: 'pending', kind: 'record_missing', idempotencyKey: { contains: `:activity-${activityId}@` } },
    data: { status: 'skipped', lastError: 'the meeting record was written' },
  });
  return skipped.count;
}

/** Moves an activity to `startsAt` with its check-in window; its waiting notifications are skipped, and the planner plans new ones. */
export async function moveActivity(db: Db | Tx, activity: Pick<Activity, 'id'>, startsAt: Date, zone: string): Promise<Activity> {
  const window = checkInWindow(startsAt, zone);
  const moved = await db.activity.update({
    where: { id: activity.id },
    data: { startsAt, checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter },
  });
  await skipWaitingNotifications(db, activity.id, 'the activity was moved');
  return moved;
}
