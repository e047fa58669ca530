import type { IsoDate } from '../dates.js';
import { addDays, monthOf } from './calendar-dates.js';
import { dayInfo, type HolidayCalendar } from './holiday-calendar.js';

export const HOLIDAY_SHIFTS = ['next_workday', 'previous_workday', 'none'] as const;

/** What happens to a fixed day that falls on a day off. */
export type HolidayShift = (typeof HOLIDAY_SHIFTS)[number];

/** A shift goes at most this many days, then gives up and keeps the planned day. */
export const MAX_SHIFT_DAYS = 7;

export interface ShiftedDay {
  /** The day it takes place. */
  date: IsoDate;
  /** The day the rule gave. */
  plannedDate: IsoDate;
  /** The holiday (or 周末) the planned day fell on, when it was a day off. */
  dayOffName?: string;
  /** The holiday calendar of a year involved is missing: the plain rule was used, unshifted. */
  isCalendarMissing: boolean;
  /** The shift moved the day into another month: the secretary is told. */
  crossesMonth: boolean;
  /** No workday within MAX_SHIFT_DAYS: the planned day is kept. */
  isUnresolved: boolean;
}

/**
 * Moves `planned` off a day off according to `shift`, at most MAX_SHIFT_DAYS. A year without
 * holiday data is never guessed: the planned day is kept and the result says the calendar is
 * missing, so the secretary can be told.
 */
export function shiftToWorkday(planned: IsoDate, shift: HolidayShift, calendar: HolidayCalendar): ShiftedDay {
  const info = dayInfo(calendar, planned);
  const kept: ShiftedDay = { date: planned, plannedDate: planned, isCalendarMissing: !info.isCovered, crossesMonth: false, isUnresolved: false };
  if (!info.isCovered || info.isWorkday) return kept;
  const dayOffName = info.holidayName ?? '周末';
  if (shift === 'none') return { ...kept, dayOffName };
  const step = shift === 'next_workday' ? 1 : -1;
  for (let i = 1; i <= MAX_SHIFT_DAYS; i++) {
    const candidate = dayInfo(calendar, addDays(planned, i * step));
    // Crossing into a year nobody covered: stop rather than guess Monday–Friday there.
    if (!candidate.isCovered) return { ...kept, dayOffName, isCalendarMissing: true };
    if (candidate.isWorkday) {
      return { ...kept, date: candidate.date, dayOffName, crossesMonth: monthOf(candidate.date) !== monthOf(planned) };
    }
  }
  return { ...kept, dayOffName, isUnresolved: true };
}
