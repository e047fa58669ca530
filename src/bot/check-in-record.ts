import { isUniqueViolation, type Activity, type CheckInVia, type Db, type Prisma } from '../db/client.js';
import { checkInTiming } from '../domain/check-in-window.js';
import { insertCheckInIfNew } from '../db/insert-check-in.js';
import { systemClock } from '../clock.js';

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
  const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, now);
  // Only a secretary records after the window closed (补签): they vouch for presence, not the minute.
  const status = timing === 'late' ? 'late' : 'present';
  const data = { status, via, checkedInAt: now, recordedBy } as const;
  const already = async () => ({ isNew: false as const, checkedInAt: (await db.checkIn.findUnique({ where: key }))?.checkedInAt ?? null });
  // Most check-ins are new: write first, and let the unique key say when one exists. Without
  // an audit row (a member's own check-in, the burst at an activity's start) that is one raw
  // statement shared with the check-ins arriving together; a secretary's check-in for someone
  // goes with its audit row in one transaction.
  if (!audit) {
    if (await insertCheckInIfNew(db, { ...data, activityId: activity.id, memberId, writtenAt: systemClock() })) return { isNew: true, status };
  } else {
    try {
      await db.$transaction([db.checkIn.create({ data: { ...data, activityId: activity.id, memberId } }), db.auditLog.create({ data: audit })]);
      return { isNew: true, status };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  // A row exists: a leave asked for turns into attendance; anything else was a check-in. The
  // condition makes two such requests at once record one.
  const fromLeave = await db.checkIn.findUnique({ where: key });
  if (fromLeave?.status !== 'leave') return { isNew: false, checkedInAt: fromLeave?.checkedInAt ?? null };
  if (audit) {
    const [turned] = await db.$transaction([db.checkIn.updateMany({ where: { id: fromLeave.id, status: 'leave' }, data }), db.auditLog.create({ data: audit })]);
    if (turned.count === 1) return { isNew: true, status };
    return already();
  }
  const turned = await db.checkIn.updateMany({ where: { id: fromLeave.id, status: 'leave' }, data });
  return turned.count === 1 ? { isNew: true, status } : already();
}
