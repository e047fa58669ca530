import type { CheckInStatus, LeaveDecision } from './vocabulary.js';

export interface RosterEntry {
  id: number;
  name: string;
  /** Excused from chasing (old, frail or sick): an absence is shown apart and not expected. */
  isExempt?: boolean;
}

export interface AttendanceMark {
  memberId: number;
  status: CheckInStatus;
  leaveDecision: LeaveDecision | null;
}

export interface AttendanceSummary {
  present: RosterEntry[];
  late: RosterEntry[];
  /** Approved leave: excused everywhere. */
  excused: RosterEntry[];
  /** Leave asked for and not yet decided. */
  leavePending: RosterEntry[];
  /** Neither checked in nor excused (including rejected leave). */
  absent: RosterEntry[];
  /** Exempt members who did not come: shown apart, never chased. */
  absentExempt: RosterEntry[];
  /** Those expected: the roster minus approved leave and exempt members who did not come. */
  expected: number;
  /** Attended (present or late) over those expected; 1 when nobody was expected. */
  rate: number;
}

/** Sorts a branch's roster by what each member's mark says about one activity. */
export function summarizeAttendance(roster: RosterEntry[], marks: AttendanceMark[]): AttendanceSummary {
  const byMember = new Map(marks.map((m) => [m.memberId, m]));
  const summary: AttendanceSummary = { present: [], late: [], excused: [], leavePending: [], absent: [], absentExempt: [], expected: 0, rate: 1 };
  for (const person of roster) {
    const mark = byMember.get(person.id);
    if (mark?.status === 'present') summary.present.push(person);
    else if (mark?.status === 'late') summary.late.push(person);
    else if (mark?.status === 'leave' && mark.leaveDecision === 'approved') summary.excused.push(person);
    else if (mark?.status === 'leave' && mark.leaveDecision === 'pending') summary.leavePending.push(person);
    else if (person.isExempt) summary.absentExempt.push(person);
    else summary.absent.push(person);
  }
  summary.expected = roster.length - summary.excused.length - summary.absentExempt.length;
  const attended = summary.present.length + summary.late.length;
  summary.rate = summary.expected === 0 ? 1 : attended / summary.expected;
  return summary;
}

/** "87%" */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

export interface OwnAttendance {
  present: number;
  late: number;
  /** Approved leave. */
  excused: number;
  /** Leave asked for and not decided. */
  leavePending: number;
  /** Activities over without attendance or approved leave (rejected leave included). */
  absent: number;
}

/**
 * One member's attendance over activities: each activity's check-in window closing instant
 * and the member's mark for it, if any. An activity still open or to come is not an absence.
 */
export function countOwnAttendance(activities: { closesAt: Date; mark?: Omit<AttendanceMark, 'memberId'> }[], now: Date): OwnAttendance {
  const counts: OwnAttendance = { present: 0, late: 0, excused: 0, leavePending: 0, absent: 0 };
  for (const { closesAt, mark } of activities) {
    if (mark?.status === 'present') counts.present += 1;
    else if (mark?.status === 'late') counts.late += 1;
    else if (mark?.status === 'leave' && mark.leaveDecision === 'approved') counts.excused += 1;
    else if (mark?.status === 'leave' && mark.leaveDecision === 'pending') counts.leavePending += 1;
    else if (closesAt < now) counts.absent += 1;
  }
  return counts;
}
