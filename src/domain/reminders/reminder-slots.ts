import { DateTime } from 'luxon';
import type { BranchSettings } from '../branch-settings.js';
import { addDays, addMonths, datesFrom, endOfLocalDay, monthOf, startOfLocalDay, weekdayOf, type YearMonth } from '../calendar/calendar-dates.js';
import { termEndOf, termNoticeDates } from '../calendar/committee-term.js';
import { DUES_FOLLOW_UP_DAYS, duesDayOf } from '../calendar/dues-day.js';
import type { HolidayCalendar } from '../calendar/holiday-calendar.js';
import type { TimeOfDay } from '../calendar/time-of-day.js';
import { shiftToWorkday, type ShiftedDay } from '../calendar/workday-shift.js';
import { instantOf, localDate, type IsoDate } from '../dates.js';
import type { ReminderGroup } from './reminder-groups.js';
import { hasRecordContent, needsMeetingRecord } from '../meeting-records.js';
import type { ActivityKind, ActivityStatus } from '../vocabulary.js';

/** When each reminder goes out, in the branch's time zone. */
export const REMINDER_TIMES = {
  partyDayEve: { hour: 18, minute: 0 },
  partyDayMorning: { hour: 8, minute: 30 },
  dues: { hour: 9, minute: 0 },
  birthday: { hour: 9, minute: 0 },
  probation: { hour: 9, minute: 0 },
  term: { hour: 9, minute: 0 },
  record: { hour: 9, minute: 0 },
} as const satisfies Record<string, TimeOfDay>;

/** The morning notice goes out at least this long before an early start. */
const MORNING_LEAD_MINUTES = 30;
/** A nudge to check in is useful this long after the start, no longer. */
const NUDGE_USEFUL_MINUTES = 60;
/** The secretary's party-day digest goes out this long after the start, when the activity is over. */
export const PARTY_DAY_DIGEST_AFTER_MINUTES = 180;
/** Notices that are not about "today" stay useful this many days. */
const NOTICE_USEFUL_DAYS = 7;

/** A party-day activity, as its reminders need it. `id` is null for one the rule will create later (preview). */
export interface PartyDayFact {
  id: number | null;
  title: string;
  /** A themed party day's theme, set in advance; none for a day the rule has not created yet. */
  theme?: string | null;
  place: string | null;
  startsAt: Date;
  checkInOpensAt: Date;
  lateAfter: Date;
}

/** An activity that should get a meeting record (会议记录), as the record reminders need it. */
export interface MeetingFact {
  id: number;
  kind: ActivityKind;
  status: ActivityStatus;
  title: string;
  startsAt: Date;
}

/** Days after an activity on which a missing record is asked for: the next day and the third. */
export const RECORD_REMINDER_DAYS = [1, 3] as const;

interface SlotBase {
  /** Unique per branch and kind: what the reminder is about. */
  occurrence: string;
  /** The local date the reminder belongs to. */
  date: IsoDate;
  dueAt: Date;
  /** Past this instant the reminder is no longer useful: it is skipped, and recorded as skipped. */
  expiresAt: Date;
}

/**
 * One moment at which a branch has something to say, before it is known to whom: the planner
 * expands a slot into notifications, one per recipient.
 */
export type ReminderSlot = SlotBase & (
  | { kind: 'party_day_eve'; activity: PartyDayFact }
  | { kind: 'party_day_morning'; activity: PartyDayFact }
  | { kind: 'party_day_start'; activity: PartyDayFact }
  | { kind: 'party_day_digest'; activity: PartyDayFact }
  | { kind: 'dues_day'; month: YearMonth; duesDay: ShiftedDay }
  | { kind: 'dues_follow_up'; month: YearMonth; duesDay: ShiftedDay }
  | { kind: 'birthdays' }
  | { kind: 'probation' }
  | { kind: 'digest' }
  | { kind: 'birthday_month'; month: YearMonth }
  | { kind: 'term_election'; endsOn: IsoDate; monthsAhead: number }
  | { kind: 'record_missing'; activity: MeetingFact; daysAfter: number }
);

export type SlotKind = ReminderSlot['kind'];

/** The slots of some kinds: `SlotOf<'dues_day' | 'dues_follow_up'>`. */
export type SlotOf<K extends SlotKind> = ReminderSlot & { kind: K };

export const SLOT_GROUP: Record<SlotKind, ReminderGroup> = {
  party_day_eve: 'party_day',
  party_day_morning: 'party_day',
  party_day_start: 'party_day',
  party_day_digest: 'digest',
  dues_day: 'dues',
  dues_follow_up: 'dues',
  birthdays: 'birthday',
  birthday_month: 'birthday',
  probation: 'probation',
  term_election: 'term',
  digest: 'digest',
  record_missing: 'record',
};

export interface ScheduleInput {
  /** Slots due after this instant… */
  from: Date;
  /** …up to and including this one. */
  to: Date;
  settings: BranchSettings;
  calendar: HolidayCalendar;
  /** The branch's scheduled party-day activities around the window. */
  partyDays: readonly PartyDayFact[];
  /** The branch's activities of the last days that may still lack a meeting record; none if left out. */
  meetings?: readonly MeetingFact[];
}

/** Every reminder slot of a branch due in (from, to], in time order. Pure: the same input gives the same slots. */
export function reminderSlots(input: ScheduleInput): ReminderSlot[] {
  const zone = input.settings.timezone;
  if (input.to <= input.from) return [];
  const dates = datesFrom(localDate(input.from, zone), localDate(input.to, zone));
  const slots = [
    ...dates.flatMap((date) => daySlots(date, input)),
    ...input.partyDays.flatMap((a) => partyDaySlots(a, zone, input.settings.digest !== null)),
    ...(input.meetings ?? []).filter((m) => needsMeetingRecord(m.kind)).flatMap((m) => recordSlots(m, zone)),
  ];
  return slots
    .filter((s) => s.dueAt > input.from && s.dueAt <= input.to && input.settings.reminders[SLOT_GROUP[s.kind]])
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

function daySlots(date: IsoDate, { settings, calendar }: ScheduleInput): ReminderSlot[] {
  const zone = settings.timezone;
  const at = (time: TimeOfDay) => instantOf(date, time, zone);
  const usefulFor = (days: number) => endOfLocalDay(addDays(date, days - 1), zone);
  const slots: ReminderSlot[] = [
    { kind: 'birthdays', occurrence: date, date, dueAt: at(REMINDER_TIMES.birthday), expiresAt: usefulFor(1) },
    { kind: 'probation', occurrence: date, date, dueAt: at(REMINDER_TIMES.probation), expiresAt: usefulFor(NOTICE_USEFUL_DAYS) },
  ];
  if (date.endsWith('-01')) {
    slots.push({ kind: 'birthday_month', month: monthOf(date), occurrence: monthOf(date), date, dueAt: at(REMINDER_TIMES.birthday), expiresAt: usefulFor(NOTICE_USEFUL_DAYS) });
  }
  if (settings.digest && weekdayOf(date) === settings.digest.weekday) {
    slots.push({ kind: 'digest', occurrence: date, date, dueAt: at(settings.digest.time), expiresAt: usefulFor(2) });
  }
  if (settings.termStarted) {
    const monthsAhead = termNoticeDates(settings.termStarted, settings.termYears).get(date);
    if (monthsAhead !== undefined) {
      const endsOn = termEndOf(settings.termStarted, settings.termYears);
      slots.push({ kind: 'term_election', endsOn, monthsAhead, occurrence: `${endsOn}:${monthsAhead}m`, date, dueAt: at(REMINDER_TIMES.term), expiresAt: usefulFor(NOTICE_USEFUL_DAYS) });
    }
  }
  if (settings.duesDay !== null) {
    // A shifted dues day (or its follow-up) may land in a neighbouring month.
    for (const month of [-1, 0, 1].map((n) => addMonths(monthOf(date), n))) {
      const duesDay = duesDayOf(month, settings.duesDay, settings.duesShift, calendar);
      const followUp = shiftToWorkday(addDays(duesDay.date, DUES_FOLLOW_UP_DAYS), settings.duesShift, calendar).date;
      const dues = { month, duesDay, occurrence: month, date, dueAt: at(REMINDER_TIMES.dues), expiresAt: usefulFor(1) };
      if (duesDay.date === date) slots.push({ kind: 'dues_day', ...dues });
      if (followUp === date) slots.push({ kind: 'dues_follow_up', ...dues });
    }
  }
  return slots;
}

/** `hasDigest`: the branch wants the secretary's digests (`digest` not off), after the party day too. */
function partyDaySlots(activity: PartyDayFact, zone: string, hasDigest: boolean): ReminderSlot[] {
  const start = DateTime.fromJSDate(activity.startsAt, { zone });
  const date = start.toISODate() ?? '';
  const occurrence = `activity-${activity.id ?? 'planned'}@${start.toFormat("yyyy-MM-dd'T'HH:mm")}`;
  const morning = instantOf(date, REMINDER_TIMES.partyDayMorning, zone);
  const earliest = start.minus({ minutes: MORNING_LEAD_MINUTES }).toJSDate();
  const base = { activity, occurrence };
  const slots: ReminderSlot[] = [
    { ...base, kind: 'party_day_eve', date: addDays(date, -1), dueAt: instantOf(addDays(date, -1), REMINDER_TIMES.partyDayEve, zone), expiresAt: startOfLocalDay(date, zone) },
    { ...base, kind: 'party_day_morning', date, dueAt: morning < earliest ? morning : earliest, expiresAt: activity.startsAt },
    { ...base, kind: 'party_day_start', date, dueAt: activity.startsAt, expiresAt: start.plus({ minutes: NUDGE_USEFUL_MINUTES }).toJSDate() },
  ];
  if (hasDigest) slots.push({ ...base, kind: 'party_day_digest', date, dueAt: start.plus({ minutes: PARTY_DAY_DIGEST_AFTER_MINUTES }).toJSDate(), expiresAt: endOfLocalDay(addDays(date, 1), zone) });
  return slots;
}

/**
 * A missing record is asked for at 09:00 on the day after the activity and on the third day;
 * each ask is useful until the end of its day. Whether the record exists is decided when the
 * slot is expanded, at its due time. The occurrence names the activity like the party-day
 * reminders, so moving or cancelling it drops the asks still waiting.
 */
function recordSlots(activity: MeetingFact, zone: string): ReminderSlot[] {
  const start = DateTime.fromJSDate(activity.startsAt, { zone });
  const occurrence = `activity-${activity.id}@${start.toFormat("yyyy-MM-dd'T'HH:mm")}`;
  return recordAskDates(activity.startsAt, zone).map(({ daysAfter, date }) => (
    { kind: 'record_missing', activity, daysAfter, occurrence: `${occurrence}:d${daysAfter}`, date, dueAt: instantOf(date, REMINDER_TIMES.record, zone), expiresAt: endOfLocalDay(date, zone) }
  ));
}

/** The local days a missing record is asked for: RECORD_REMINDER_DAYS after the activity's own day. */
function recordAskDates(startsAt: Date, zone: string): { daysAfter: number; date: IsoDate }[] {
  const day = localDate(startsAt, zone);
  return RECORD_REMINDER_DAYS.map((daysAfter) => ({ daysAfter, date: addDays(day, daysAfter) }));
}

/**
 * Whether an activity owes its meeting record at `now`: a meeting (not volunteer service), held
 * (not cancelled), past its first ask (09:00 the day after) and without content. The record
 * reminders ask it at their due time and the weekly digest at its own, so both agree on which
 * activities lack a record.
 */
export function isRecordOverdue(
  activity: { kind: ActivityKind; status: ActivityStatus; startsAt: Date }, record: { content: string } | null | undefined, zone: string, now: Date,
): boolean {
  if (activity.status !== 'scheduled' || !needsMeetingRecord(activity.kind) || hasRecordContent(record)) return false;
  const first = recordAskDates(activity.startsAt, zone)[0];
  return first !== undefined && instantOf(first.date, REMINDER_TIMES.record, zone) <= now;
}
