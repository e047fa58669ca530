import { activityAttendance, wasExpected, type MembershipRecord } from '../attendance.js';
import { addDays, addMonths, addMonthsToDate, daysBetween, monthOf, yearOf, type YearMonth } from '../calendar/calendar-dates.js';
import { termEndOf } from '../calendar/committee-term.js';
import { missingYears, type HolidayCalendar } from '../calendar/holiday-calendar.js';
import { CADENCE_KINDS, periodOf, type Cadence, type CadenceKind } from '../calendar/meeting-cadence.js';
import { birthdayYearsOn, politicalBirthdayIn } from '../calendar/political-birthday.js';
import { probationEndOf } from '../calendar/probation.js';
import { localDate, type IsoDate } from '../dates.js';
import { consecutiveUnpaidMonths } from '../dues/arrears.js';
import { firstDueMonth } from '../dues/due-months.js';
import { isRecordOverdue } from '../reminders/reminder-slots.js';
import type { ActivityKind, ActivityStatus, CheckInStatus, LeaveDecision, MemberStatus } from '../vocabulary.js';

/** Probation ends this close ahead are listed. */
export const DIGEST_PROBATION_DAYS = 60;
/** The term election is listed when the term ends within this many months. */
export const DIGEST_TERM_MONTHS = 3;
/** Members missing every activity this many months in a row are listed. */
export const DIGEST_SILENT_MONTHS = 3;
/** A branch with no activity for this many days is "silent" in the tree digest. */
export const SILENT_BRANCH_DAYS = 30;
/** The attendance trend covers this many activities. */
export const DIGEST_TREND_ACTIVITIES = 6;
/** The "follow up first" list is this long at most. */
export const DIGEST_FOLLOW_UPS = 5;
/** Arrears are counted back at most this many months (the records the loader reads). */
export const DIGEST_DUES_LOOKBACK_MONTHS = 24;

/** Members who left are kept for the attendance of activities before they left. */
export interface DigestMember extends MembershipRecord {
  status: MemberStatus;
  probationStartedAt: IsoDate | null;
}

export interface DigestActivity {
  id: number;
  kind: ActivityKind;
  status: ActivityStatus;
  title: string;
  startsAt: Date;
  checkInClosesAt: Date;
}

export interface DigestCheckIn {
  activityId: number;
  memberId: number;
  status: CheckInStatus;
  leaveDecision: LeaveDecision | null;
}

/** A meeting record as the digest needs it: whether it has content, and who is to write it. */
export interface DigestMeetingRecord {
  activityId: number;
  content: string;
  recorderName: string | null;
}

export interface DigestDuesRecord {
  memberId: number;
  month: YearMonth;
  status: 'unpaid' | 'reported' | 'confirmed';
}

export interface BranchDigestInput {
  branchName: string;
  now: Date;
  zone: string;
  /** Members on the roster now, and those who left during the period the activities cover. */
  members: readonly DigestMember[];
  /** The branch's scheduled (not cancelled) activities: the past year and everything ahead. */
  activities: readonly DigestActivity[];
  /** Check-ins of those activities, from `attendanceSince` on. */
  checkIns: readonly DigestCheckIn[];
  /**
   * Attendance is judged from this instant on (the loader reads check-ins this far back):
   * earlier activities count for 三会一课 and "silent branch", not for attendance.
   */
  attendanceSince?: Date;
  /** The meeting records of the activities begun; an activity without a row has none. */
  meetingRecords?: readonly DigestMeetingRecord[];
  /** Dues records of the members, DIGEST_DUES_LOOKBACK_MONTHS back to this month. */
  duesRecords: readonly DigestDuesRecord[];
  /** The first month the branch tracks dues (duesTrackingStart). */
  duesTrackingStart: YearMonth;
  cadence: Readonly<Record<CadenceKind, Cadence>>;
  termStarted: IsoDate | null;
  termYears: number;
  calendar: HolidayCalendar;
  /** Whether the branch has fixed days (party day, dues day) a missing holiday year would move. */
  hasFixedDays: boolean;
}

export interface DigestAttendance {
  present: string[];
  late: string[];
  excused: string[];
  leavePending: string[];
  absent: string[];
  /** The activity is still open and they have not checked in. */
  notYet: string[];
  absentExempt: string[];
  expected: number;
  attended: number;
  /** Null when nobody was expected. */
  rate: number | null;
}

export type CadenceState = 'held' | 'planned' | 'missing';

export interface BranchDigest {
  branchName: string;
  now: Date;
  today: IsoDate;
  month: YearMonth;
  zone: string;
  nextActivity: DigestActivity | null;
  /** The last activity that counts for attendance (volunteer service does not), with its attendance. */
  lastActivity: (DigestActivity & { attendance: DigestAttendance }) | null;
  /** The start of the latest activity of any kind, for "silent branch". */
  lastActivityAt: Date | null;
  isSilent: boolean;
  /** Attendance rates of the last activities that count, oldest first (null: nobody was expected). */
  trend: { label: string; rate: number | null }[];
  dues: {
    month: YearMonth;
    paid: string[];
    pending: string[];
    unpaid: string[];
    /** Unpaid months in a row before this month, 1 or more; the longest first. */
    arrears: { name: string; months: number; since: YearMonth }[];
  };
  birthdays: { name: string; date: IsoDate; years: number }[];
  probation: { name: string; endsOn: IsoDate; daysLeft: number }[];
  term: { endsOn: IsoDate; daysLeft: number } | null;
  cadence: { kind: CadenceKind; periodZh: string; state: CadenceState; date: IsoDate | null }[];
  /** `isAtLeast`: the run goes back beyond the attendance read (`attendanceSince`). */
  silentMembers: { name: string; months: number; isAtLeast: boolean; lastAttended: IsoDate | null }[];
  missingHolidayYears: number[];
  /** Activities owing their meeting record (the record reminders' rule), oldest first, with the recorder named for them. */
  missingRecords: (DigestActivity & { recorderName: string | null })[];
  /** Who to follow up first, and why: the most pressing first. */
  followUps: { name: string; reasons: string[] }[];
  /** Items past due: regular meetings not arranged in their period, probation ended, term ended. */
  overdueCount: number;
}

/**
 * The secretary's digest of a branch on `now`: a function of the records as plain data.
 * Volunteer service (志愿服务) never counts for attendance (it shows as the next activity,
 * and keeps a branch from being "silent").
 */
export function branchDigest(input: BranchDigestInput): BranchDigest {
  const { now, zone } = input;
  const today = localDate(now, zone);
  const month = monthOf(today);
  const active = input.members.filter((m) => m.leftAt === null);
  const started = input.activities.filter((a) => a.startsAt <= now).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const since = input.attendanceSince;
  const counted = started.filter((a) => a.kind !== 'volunteer_service' && (!since || a.startsAt >= since));
  const marksByActivity = groupBy(input.checkIns, (c) => c.activityId);
  // Local dates once per activity: luxon in a zone is the costly part of the digest.
  const dateOf = new Map(input.activities.map((a) => [a.id, localDate(a.startsAt, zone)]));

  const attendanceOf = (activity: DigestActivity): DigestAttendance => {
    const s = activityAttendance(activity, input.members, marksByActivity.get(activity.id) ?? [], now, zone);
    const names = (list: { name: string }[]) => list.map((p) => p.name);
    return {
      present: names(s.present), late: names(s.late), excused: names(s.excused), leavePending: names(s.leavePending),
      absent: names(s.absent), notYet: names(s.notYet), absentExempt: names(s.exemptAbsent), expected: s.expected, attended: s.attended, rate: s.rate,
    };
  };

  const last = counted[counted.length - 1];
  const lastActivity = last ? { ...last, attendance: attendanceOf(last) } : null;
  const trend = counted.slice(-DIGEST_TREND_ACTIVITIES).map((a) => {
    const date = dateOf.get(a.id) ?? '';
    return { label: `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`, rate: a === last && lastActivity ? lastActivity.attendance.rate : attendanceOf(a).rate };
  });
  const nextActivity = input.activities.filter((a) => a.startsAt > now).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null;
  const lastActivityAt = started[started.length - 1]?.startsAt ?? null;
  const lastStarted = started[started.length - 1];
  const isSilent = !lastStarted || daysBetween(dateOf.get(lastStarted.id) ?? today, today) >= SILENT_BRANCH_DAYS;

  const dues = duesOf(input, active, month);
  const silentMembers = silentMembersOf(input, active, counted.filter((a) => a.checkInClosesAt < now), marksByActivity, dateOf, month);
  const probation = active.flatMap((m) => {
    const startedOn = m.probationStartedAt ?? m.joinedAt;
    if (m.status !== 'probationary' || !startedOn) return [];
    const endsOn = probationEndOf(startedOn);
    return endsOn <= addDays(today, DIGEST_PROBATION_DAYS) ? [{ name: m.name, endsOn, daysLeft: daysBetween(today, endsOn) }] : [];
  }).sort((a, b) => a.endsOn.localeCompare(b.endsOn));
  const termEnd = input.termStarted ? termEndOf(input.termStarted, input.termYears) : null;
  const term = termEnd && termEnd <= addMonthsToDate(today, DIGEST_TERM_MONTHS) ? { endsOn: termEnd, daysLeft: daysBetween(today, termEnd) } : null;
  const cadence = cadenceOf(input, dateOf, today);
  const recordOf = new Map((input.meetingRecords ?? []).map((r) => [r.activityId, r]));
  const missingRecords = started
    .filter((a) => isRecordOverdue(a, recordOf.get(a.id), zone, now))
    .map((a) => ({ ...a, recorderName: recordOf.get(a.id)?.recorderName ?? null }));

  return {
    branchName: input.branchName,
    now,
    today,
    month,
    zone,
    nextActivity,
    lastActivity,
    lastActivityAt,
    isSilent,
    trend,
    dues,
    birthdays: birthdaysOf(active, today),
    probation,
    term,
    cadence,
    silentMembers,
    missingRecords,
    missingHolidayYears: input.hasFixedDays ? missingYears(input.calendar, [yearOf(today), yearOf(addDays(today, DIGEST_PROBATION_DAYS))]) : [],
    followUps: followUpsOf(dues.arrears, silentMembers, lastActivity?.attendance.absent ?? []),
    overdueCount: cadence.filter((c) => c.state === 'missing').length + probation.filter((p) => p.daysLeft < 0).length + (term && term.daysLeft < 0 ? 1 : 0),
  };
}

function duesOf(input: BranchDigestInput, active: readonly DigestMember[], month: YearMonth): BranchDigest['dues'] {
  const byMember = groupBy(input.duesRecords, (r) => r.memberId);
  const lookbackStart = addMonths(month, -DIGEST_DUES_LOOKBACK_MONTHS);
  const dues: BranchDigest['dues'] = { month, paid: [], pending: [], unpaid: [], arrears: [] };
  for (const m of active) {
    const first = firstDueMonth(m, input.duesTrackingStart);
    if (first === undefined || m.exempt) continue;
    const records = byMember.get(m.id) ?? [];
    if (month >= first) {
      const status = records.find((r) => r.month === month)?.status ?? 'unpaid';
      (status === 'confirmed' ? dues.paid : status === 'reported' ? dues.pending : dues.unpaid).push(m.name);
    }
    const paidMonths = new Set(records.filter((r) => r.status !== 'unpaid').map((r) => r.month));
    // Records are read this far back; older months are not counted rather than guessed.
    const from = first > lookbackStart ? first : lookbackStart;
    const months = consecutiveUnpaidMonths({ paidMonths, firstDueMonth: from, throughMonth: addMonths(month, -1) });
    if (months >= 1) dues.arrears.push({ name: m.name, months, since: addMonths(month, -months) });
  }
  dues.arrears.sort((a, b) => b.months - a.months);
  return dues;
}

function birthdaysOf(active: readonly DigestMember[], today: IsoDate): BranchDigest['birthdays'] {
  const month = monthOf(today);
  return active.flatMap((m) => {
    if (!m.joinedAt || (m.status !== 'full' && m.status !== 'probationary')) return [];
    const date = politicalBirthdayIn(m.joinedAt, yearOf(today));
    const years = birthdayYearsOn(m.joinedAt, date);
    return date.startsWith(month) && years !== undefined ? [{ name: m.name, date, years }] : [];
  }).sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Members who missed every activity of their last DIGEST_SILENT_MONTHS+ months with
 * activities, without leave. A month without any activity (for them) neither counts nor
 * breaks the run: the branch held nothing they could miss.
 */
function silentMembersOf(
  input: BranchDigestInput, active: readonly DigestMember[], counted: readonly DigestActivity[],
  marksByActivity: Map<number, DigestCheckIn[]>, dateOf: Map<number, IsoDate>, month: YearMonth,
): BranchDigest['silentMembers'] {
  const byMonth = groupBy(counted, (a) => monthOf(dateOf.get(a.id) ?? ''));
  const months = [...byMonth.keys()].filter((m) => m <= month).sort().reverse();
  // Per activity, per member: whether they came (true) or were excused (false); absent: no entry.
  const cameOf = new Map<number, Map<number, boolean>>();
  const markOf = new Map<string, DigestCheckIn>();
  for (const [activityId, marks] of marksByActivity) for (const mark of marks) markOf.set(`${activityId}:${mark.memberId}`, mark);
  for (const [activityId, marks] of marksByActivity) {
    const byMember = new Map<number, boolean>();
    for (const mark of marks) {
      if (mark.status === 'present' || mark.status === 'late') byMember.set(mark.memberId, true);
      else if (mark.leaveDecision !== 'rejected') byMember.set(mark.memberId, false);
    }
    cameOf.set(activityId, byMember);
  }
  const silent: BranchDigest['silentMembers'] = [];
  for (const m of active) {
    if (m.exempt) continue;
    let run = 0;
    let hasBroken = false;
    let lastAttended: IsoDate | null = null;
    for (const mon of months) {
      let isTheirs = false;
      let isExcused = false;
      for (const a of byMonth.get(mon) ?? []) {
        if (!wasExpected(m, a, dateOf.get(a.id) ?? '', markOf.get(`${a.id}:${m.id}`))) continue;
        isTheirs = true;
        const came = cameOf.get(a.id)?.get(m.id);
        if (came === true) lastAttended = dateOf.get(a.id) ?? null;
        else if (came === false) isExcused = true;
      }
      if (!isTheirs) continue;
      if (lastAttended !== null || isExcused) {
        hasBroken = true;
        break;
      }
      run += 1;
    }
    const since = input.attendanceSince;
    if (run >= DIGEST_SILENT_MONTHS) silent.push({ name: m.name, months: run, isAtLeast: !hasBroken && since !== undefined && (m.joinedBranchOn === null || m.joinedBranchOn < localDate(since, input.zone)), lastAttended });
  }
  return silent.sort((a, b) => b.months - a.months);
}

function cadenceOf(input: BranchDigestInput, dateOf: Map<number, IsoDate>, today: IsoDate): BranchDigest['cadence'] {
  return CADENCE_KINDS.flatMap((kind) => {
    const every = input.cadence[kind];
    if (every === 'off') return [];
    const period = periodOf(today, every);
    const dates = input.activities
      .filter((a) => a.kind === kind)
      .map((a) => ({ date: dateOf.get(a.id) ?? '', isPast: a.startsAt <= input.now }))
      .filter((a) => a.date >= period.first && a.date <= period.last)
      .sort((a, b) => a.date.localeCompare(b.date));
    const held = dates.filter((d) => d.isPast).pop();
    const planned = dates.find((d) => !d.isPast);
    const state: CadenceState = held ? 'held' : planned ? 'planned' : 'missing';
    return [{ kind, periodZh: period.nameZh, state, date: held?.date ?? planned?.date ?? null }];
  });
}

function followUpsOf(arrears: BranchDigest['dues']['arrears'], silent: BranchDigest['silentMembers'], absentLast: readonly string[]): BranchDigest['followUps'] {
  const scores = new Map<string, { score: number; reasons: string[] }>();
  const add = (name: string, score: number, reason: string) => {
    const entry = scores.get(name) ?? { score: 0, reasons: [] };
    entry.score += score;
    entry.reasons.push(reason);
    scores.set(name, entry);
  };
  for (const s of silent) add(s.name, s.months * 2, `连续 ${s.months} 个月未参加活动`);
  for (const a of arrears) add(a.name, a.months * 2, `欠缴党费 ${a.months} 个月`);
  // Missing the last activity alone is for the attendance section; it only adds weight here.
  for (const name of absentLast) if (scores.has(name)) add(name, 1, '上次活动缺席');
  return [...scores].sort((a, b) => b[1].score - a[1].score).slice(0, DIGEST_FOLLOW_UPS).map(([name, e]) => ({ name, reasons: e.reasons }));
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
