import type { CheckInStatus, LeaveDecision } from './vocabulary.js';

export interface RosterEntry {
  id: number;
  name: string;
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
  /** Attended (present or late) over those expected (roster minus excused); 1 when nobody was expected. */
  rate: number;
}

/** Sorts a branch's roster by what each member's mark says about one activity. */
export function summarizeAttendance(roster: RosterEntry[], marks: AttendanceMark[]): AttendanceSummary {
  const byMember = new Map(marks.map((m) => [m.memberId, m]));
  const summary: AttendanceSummary = { present: [], late: [], excused: [], leavePending: [], absent: [], rate: 1 };
  for (const person of roster) {
    const mark = byMember.get(person.id);
    if (mark?.status === 'present') summary.present.push(person);
    else if (mark?.status === 'late') summary.late.push(person);
    else if (mark?.status === 'leave' && mark.leaveDecision === 'approved') summary.excused.push(person);
    else if (mark?.status === 'leave' && mark.leaveDecision === 'pending') summary.leavePending.push(person);
    else summary.absent.push(person);
  }
  const expected = roster.length - summary.excused.length;
  const attended = summary.present.length + summary.late.length;
  summary.rate = expected === 0 ? 1 : attended / expected;
  return summary;
}

/** "87%" */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
