import type { Db } from '../db/client.js';
import { activityAttendance, type ActivityAttendance, type AttendanceActivity, type MembershipRecord } from '../domain/attendance.js';

/** The member columns the attendance model reads. */
export const MEMBERSHIP_SELECT = { id: true, name: true, status: true, joinedAt: true, joinedBranchOn: true, leftAt: true, exempt: true } as const;

/** Every member the branch ever had (those who left included): the model decides who was on the roster when. */
export async function branchMemberships(db: Db, branchId: number): Promise<MembershipRecord[]> {
  return db.member.findMany({ where: { branchId }, select: MEMBERSHIP_SELECT, orderBy: { id: 'asc' } });
}

/** One activity's attendance at `now`, read from the records: what the card and /attendance show. */
export async function loadActivityAttendance(db: Db, activity: AttendanceActivity & { branchId: number }, now: Date, zone: string): Promise<ActivityAttendance> {
  const [members, marks] = await Promise.all([
    branchMemberships(db, activity.branchId),
    db.checkIn.findMany({ where: { activityId: activity.id }, select: { memberId: true, status: true, leaveDecision: true } }),
  ]);
  return activityAttendance(activity, members, marks, now, zone);
}

/**
 * Several activities of one branch counted at `now` with two reads (the branch's members, the
 * activities' marks): the monthly scoreboard's 主题党日 and the year-end pack use it.
 */
export async function loadActivitiesAttendance(db: Db, branchId: number, activities: readonly AttendanceActivity[], now: Date, zone: string): Promise<ActivityAttendance[]> {
  if (activities.length === 0) return [];
  const [members, marks] = await Promise.all([
    branchMemberships(db, branchId),
    db.checkIn.findMany({ where: { activityId: { in: activities.map((a) => a.id) } }, select: { activityId: true, memberId: true, status: true, leaveDecision: true } }),
  ]);
  const byActivity = new Map<number, typeof marks>();
  for (const mark of marks) byActivity.set(mark.activityId, [...(byActivity.get(mark.activityId) ?? []), mark]);
  return activities.map((a) => activityAttendance(a, members, byActivity.get(a.id) ?? [], now, zone));
}
