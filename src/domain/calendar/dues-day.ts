import { dayOfMonth, type YearMonth } from './calendar-dates.js';
import type { HolidayCalendar } from './holiday-calendar.js';
import { shiftToWorkday, type HolidayShift, type ShiftedDay } from './workday-shift.js';

/** Days after the dues day when those still unpaid get a second, private reminder. */
export const DUES_FOLLOW_UP_DAYS = 3;

/** The dues day (党费日) of `month`: day `duesDay` (the last day in a shorter month), moved off a day off by `shift`. */
export function duesDayOf(month: YearMonth, duesDay: number, shift: HolidayShift, calendar: HolidayCalendar): ShiftedDay {
  return shiftToWorkday(dayOfMonth(month, duesDay), shift, calendar);
}
