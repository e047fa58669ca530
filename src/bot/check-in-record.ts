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
  const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, now);
  // Only a secretary records after the window closed (补签): they vouch for presence, not the minute.
  const status = timing === 'late' ? 'late' : 'present';
  const data = { status, via, checkedInAt: now, recordedBy } as const;
  const audited = async (write: Prisma.PrismaPromise<unknown>) => {
    await (audit ? db.$transaction([write, db.auditLog.create({ data: audit })]) : write);
  };
  const already = async () => ({ isNew: false as const, checkedInAt: (await db.checkIn.findUnique({ where: key }))?.checkedInAt ?? null });
  try {
    // Most check-ins are new: write first, and let the unique key say when one exists.
    await audited(db.checkIn.create({ data: { ...data, activityId: activity.id, memberId } }));
    return { isNew: true, status };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
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
