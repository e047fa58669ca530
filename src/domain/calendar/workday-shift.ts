import type { IsoDate } from '../dates.js';
import { addDays, monthOf, yearOf } from './calendar-dates.js';
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
  /**
   * A year involved has no holiday data: its weekends were taken as the only days off, so
   * `date` may still move once that year's notice is imported.
   */
  isCalendarMissing: boolean;
  /** The years without holiday data that were assumed Monday–Friday; empty when none. */
  assumedYears: number[];
  /** The shift moved the day into another month: the secretary is told. */
  crossesMonth: boolean;
  /** No workday within MAX_SHIFT_DAYS: the planned day is kept. */
  isUnresolved: boolean;
}

/**
 * Moves `planned` off a day off according to `shift`, at most MAX_SHIFT_DAYS. In a year
 * without holiday data weekends are still known: Monday to Friday are taken as workdays and the
 * result says the calendar is missing, so the secretary can be told the day may still move.
 */
export function shiftToWorkday(planned: IsoDate, shift: HolidayShift, calendar: HolidayCalendar): ShiftedDay {
  const assumed = new Set<number>();
  const look = (date: IsoDate) => {
    const info = dayInfo(calendar, date);
    if (!info.isCovered) assumed.add(yearOf(date));
    return info;
  };
  const result = (fields: Partial<ShiftedDay>): ShiftedDay => {
    const assumedYears = [...assumed].sort((a, b) => a - b);
    return { date: planned, plannedDate: planned, crossesMonth: false, isUnresolved: false, ...fields, isCalendarMissing: assumedYears.length > 0, assumedYears };
  };
  const info = look(planned);
  if (info.isWorkday) return result({});
  const dayOffName = info.holidayName ?? '周末';
  if (shift === 'none') return result({ dayOffName });
  const step = shift === 'next_workday' ? 1 : -1;
  for (let i = 1; i <= MAX_SHIFT_DAYS; i++) {
    const candidate = look(addDays(planned, i * step));
    if (candidate.isWorkday) {
      return result({ date: candidate.date, dayOffName, crossesMonth: monthOf(candidate.date) !== monthOf(planned) });
    }
  }
  return result({ dayOffName, isUnresolved: true });
}
