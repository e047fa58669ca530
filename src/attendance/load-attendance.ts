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
