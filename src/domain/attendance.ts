import { localDate, type IsoDate } from './dates.js';
import { isPartyMember } from './member-status.js';
import type { CheckInStatus, LeaveDecision, MemberStatus } from './vocabulary.js';

// The one attendance model: who was expected at an activity and how each of them stands.
// The check-in card, /attendance, /me, the digests, the tree digest and every ledger sheet
// read their numbers from here and nowhere else (docs/ARCHITECTURE.md, "Attendance").

/** A member as the branch's membership history knows them. */
export interface MembershipRecord {
  id: number;
  name: string;
  status: MemberStatus;
  /** Admission (YYYY-MM-DD): nobody is a party member, so expected, before it. */
  joinedAt: IsoDate | null;
  /** The local date they came onto this branch's roster; null: from before the records begin. */
  joinedBranchOn: IsoDate | null;
  /** When they left the roster (removed or erased); null while on it. */
  leftAt: Date | null;
  /** Old, frail or sick: an absence is shown apart and not expected. */
  exempt: boolean;
}

export interface AttendanceActivity {
  id: number;
  startsAt: Date;
  checkInClosesAt: Date;
}

export interface AttendanceMark {
  memberId: number;
  status: CheckInStatus;
  leaveDecision: LeaveDecision | null;
}

/** Where one expected member stands for one activity. */
export type AttendanceState = 'present' | 'late' | 'excused' | 'leave_pending' | 'absent' | 'not_yet' | 'exempt_absent';

export interface AttendancePerson {
  id: number;
  name: string;
}

export interface ActivityAttendance {
  activityId: number;
  /** Check-in is still possible: nobody without a mark is absent yet. */
  isOpen: boolean;
  present: AttendancePerson[];
  late: AttendancePerson[];
  /** Approved leave. */
  excused: AttendancePerson[];
  /** Leave asked for and not yet decided: expected, not excused. */
  leavePending: AttendancePerson[];
  /** The activity is over and they neither came nor were excused (rejected leave included). */
  absent: AttendancePerson[];
  /** The activity is still open and they have not checked in yet. */
  notYet: AttendancePerson[];
  /** Exempt members who did not come: listed apart, not expected. */
  exemptAbsent: AttendancePerson[];
  /** 应到: on the roster then, minus approved leave and exempt members who did not come. */
  expected: number;
  /** 实到: present and late. */
  attended: number;
  /** Attended over expected; null when nobody was expected (say so in words, never "100%"). */
  rate: number | null;
}

/**
 * Whether a member was on the branch's roster for an activity held on `day` (its local date):
 * a party member (full or probationary, admitted by then), on this branch's roster by then and
 * not gone before the activity was over. Someone removed while it was open counts only if
 * they came. Row creation dates play no part: meetings recorded after the fact count too.
 */
export function wasExpected(member: MembershipRecord, activity: AttendanceActivity, day: IsoDate, mark?: AttendanceMark): boolean {
  if (!isPartyMember(member.status)) return false;
  if (member.joinedAt !== null && member.joinedAt > day) return false;
  if (member.joinedBranchOn !== null && member.joinedBranchOn > day) return false;
  if (member.leftAt === null || member.leftAt > activity.checkInClosesAt) return true;
  const came = mark?.status === 'present' || mark?.status === 'late';
  return came && member.leftAt > activity.startsAt;
}

/** The state of one member who was expected, from their mark (if any). */
export function stateOf(member: Pick<MembershipRecord, 'exempt'>, mark: Pick<AttendanceMark, 'status' | 'leaveDecision'> | undefined, isOpen: boolean): AttendanceState {
  if (mark?.status === 'present') return 'present';
  if (mark?.status === 'late') return 'late';
  if (mark?.status === 'leave' && mark.leaveDecision === 'approved') return 'excused';
  if (mark?.status === 'leave' && mark.leaveDecision === 'pending') return 'leave_pending';
  if (member.exempt) return 'exempt_absent';
  return isOpen ? 'not_yet' : 'absent';
}

/**
 * The attendance of one activity at `now` from the branch's members (all of them, those who
 * left included: the rule picks who was on the roster) and the activity's marks.
 */
export function activityAttendance(activity: AttendanceActivity, members: readonly MembershipRecord[], marks: readonly AttendanceMark[], now: Date, zone: string): ActivityAttendance {
  const day = localDate(activity.startsAt, zone);
  const isOpen = now <= activity.checkInClosesAt;
  const byMember = new Map(marks.map((m) => [m.memberId, m]));
  const result: ActivityAttendance = {
    activityId: activity.id, isOpen, present: [], late: [], excused: [], leavePending: [], absent: [], notYet: [], exemptAbsent: [], expected: 0, attended: 0, rate: null,
  };
  const lists: Record<AttendanceState, AttendancePerson[]> = {
    present: result.present, late: result.late, excused: result.excused, leave_pending: result.leavePending,
    absent: result.absent, not_yet: result.notYet, exempt_absent: result.exemptAbsent,
  };
  for (const member of members) {
    const mark = byMember.get(member.id);
    if (!wasExpected(member, activity, day, mark)) continue;
    lists[stateOf(member, mark, isOpen)].push({ id: member.id, name: member.name });
  }
  result.attended = result.present.length + result.late.length;
  result.expected = result.attended + result.leavePending.length + result.absent.length + result.notYet.length;
  result.rate = result.expected === 0 ? null : result.attended / result.expected;
  return result;
}

/** One member's state for each activity they were expected at; activities they were not are left out. */
export function memberAttendanceStates(
  member: MembershipRecord, activities: readonly AttendanceActivity[], markOf: (activityId: number) => AttendanceMark | undefined, now: Date, zone: string,
): AttendanceState[] {
  return activities.flatMap((activity) => {
    const mark = markOf(activity.id);
    if (!wasExpected(member, activity, localDate(activity.startsAt, zone), mark)) return [];
    return [stateOf(member, mark, now <= activity.checkInClosesAt)];
  });
}

export type OwnAttendance = Record<AttendanceState, number>;

/** How often a member was in each state, over the activities they were expected at. */
export function countOwnAttendance(states: readonly AttendanceState[]): OwnAttendance {
  const counts: OwnAttendance = { present: 0, late: 0, excused: 0, leave_pending: 0, absent: 0, not_yet: 0, exempt_absent: 0 };
  for (const state of states) counts[state] += 1;
  return counts;
}

/** "87%", or words when nobody was expected. */
export function formatRate(rate: number | null): string {
  return rate === null ? '无应到人员' : `${Math.round(rate * 100)}%`;
}

/** "应到 5 人，实到 3 人，出席率 60%", or "应到 0 人，无应到人员，不计出席率". */
export function formatTurnout(a: Pick<ActivityAttendance, 'expected' | 'attended' | 'rate'>): string {
  if (a.rate === null) return `应到 0 人，实到 ${a.attended} 人，无应到人员，不计出席率`;
  return `应到 ${a.expected} 人，实到 ${a.attended} 人，出席率 ${formatRate(a.rate)}`;
}
