import { isUniqueViolation, type Activity, type CheckInVia, type Db, type Prisma } from '../db/client.js';
import { checkInTiming } from '../domain/check-in-window.js';

export type CheckInOutcome =
  | { isNew: true; status: 'present' | 'late' }
  | { isNew: false; checkedInAt: Date | null };

/**
 * Records that a member came to an activity: the one CheckIn row per member and activity,
 * whichever way it arrived (typed, card button, one-tap link, or a secretary for them). A
 * leave asked for turns into attendance; a second check-in changes nothing. An audit row,
 * when given, is written with the check-in.
 */
export async function recordCheckIn(
  db: Db,
  input: { memberId: number; activity: Activity; via: CheckInVia; now: Date; recordedBy: string; audit?: Prisma.AuditLogCreateManyInput },
): Promise<CheckInOutcome> {
  const { memberId, activity, via, now, recordedBy, audit } = input;
  const key = { memberId_activityId: { memberId, activityId: activity.id } };
  const existing = await db.checkIn.findUnique({ where: key });
  if (existing && existing.status !== 'leave') return { isNew: false, checkedInAt: existing.checkedInAt };
  const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, now);
  // Only a secretary records after the window closed (补签): they vouch for presence, not the minute.
  const status = timing === 'late' ? 'late' : 'present';
  const data = { status, via, checkedInAt: now, recordedBy } as const;
  const write = existing
    ? db.checkIn.update({ where: { id: existing.id }, data })
    : db.checkIn.create({ data: { ...data, activityId: activity.id, memberId } });
  try {
    await db.$transaction([write, ...(audit ? [db.auditLog.create({ data: audit })] : [])]);
  } catch (error) {
    // The same member checking in twice at once: the other request recorded it.
    if (!isUniqueViolation(error)) throw error;
    return { isNew: false, checkedInAt: (await db.checkIn.findUnique({ where: key }))?.checkedInAt ?? null };
  }
  return { isNew: true, status };
}
