import type { IsoDate } from '../dates.js';
import { weekdayOf, yearOf } from './calendar-dates.js';

/**
 * One year of the State Council's holiday arrangement (国务院办公厅关于…部分节假日安排的通知).
 * Ordinary weekends need no entry; `holidays` are the days off besides them (including the
 * weekend days of a holiday block), `workdays` the weekend days worked instead (调休上班).
 */
export interface HolidayYear {
  year: number;
  /** Day off -> holiday name ("国庆节"). */
  holidays: Readonly<Record<IsoDate, string>>;
  /** Make-up workday -> the holiday it makes up for. */
  workdays: Readonly<Record<IsoDate, string>>;
  /** Where the year came from: "chinese-days 1.5.7", or the notice an admin imported. */
  source: string;
}

/** The years zhibu knows. Built from data by the caller, so the domain stays pure. */
export interface HolidayCalendar {
  readonly years: ReadonlyMap<number, HolidayYear>;
}

export interface DayInfo {
  date: IsoDate;
  isWorkday: boolean;
  /** Whether the year's arrangement is known; when not, `isWorkday` is plain Monday–Friday. */
  isCovered: boolean;
  /** The holiday a day off belongs to, or the one a make-up workday makes up for. */
  holidayName?: string;
  isMakeUpWorkday: boolean;
}

/** A calendar of `years`; a later entry for the same year replaces an earlier one (an import over the package). */
export function holidayCalendar(years: readonly HolidayYear[]): HolidayCalendar {
  return { years: new Map(years.map((y) => [y.year, y])) };
}

/** What kind of day `date` is. */
export function dayInfo(calendar: HolidayCalendar, date: IsoDate): DayInfo {
  const year = calendar.years.get(yearOf(date));
  const isWeekday = weekdayOf(date) <= 5;
  if (!year) return { date, isWorkday: isWeekday, isCovered: false, isMakeUpWorkday: false };
  const madeUp = year.workdays[date];
  if (madeUp !== undefined) return { date, isWorkday: true, isCovered: true, holidayName: madeUp, isMakeUpWorkday: true };
  const holiday = year.holidays[date];
  if (holiday !== undefined) return { date, isWorkday: false, isCovered: true, holidayName: holiday, isMakeUpWorkday: false };
  return { date, isWorkday: isWeekday, isCovered: true, isMakeUpWorkday: false };
}

export function isYearCovered(calendar: HolidayCalendar, year: number): boolean {
  return calendar.years.has(year);
}

/** The covered years, ascending. */
export function coveredYears(calendar: HolidayCalendar): number[] {
  return [...calendar.years.keys()].sort((a, b) => a - b);
}

/** Of `years`, those the calendar does not cover. */
export function missingYears(calendar: HolidayCalendar, years: readonly number[]): number[] {
  return [...new Set(years)].filter((y) => !calendar.years.has(y)).sort((a, b) => a - b);
}

/** "2004–2026、2028" for a list of years. */
export function formatYearRanges(years: readonly number[]): string {
  const ranges: string[] = [];
  const sorted = [...years].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join('、');
}
