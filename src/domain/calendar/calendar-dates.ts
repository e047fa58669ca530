import { DateTime } from 'luxon';
import { boundedMemo } from '../bounded-memo.js';
import { WEEKDAYS_ZH, type IsoDate } from '../dates.js';
import { addMonths as addMonthCount } from '../dues/months.js';

// Arithmetic on calendar dates ("2026-12-04") and months ("2026-12"). Calendar dates have no
// time zone: they are computed in UTC, where no day is 23 or 25 hours long.

/** A calendar month as "YYYY-MM". */
export type YearMonth = string;

/** Weekdays as luxon numbers them: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

function day(date: IsoDate): DateTime {
  return DateTime.fromISO(date, { zone: 'UTC' });
}

function iso(t: DateTime): IsoDate {
  return t.toISODate() ?? '';
}

const datesAdded = boundedMemo<IsoDate>();

export function addDays(date: IsoDate, days: number): IsoDate {
  return datesAdded(`${date}|${days}`, () => iso(day(date).plus({ days })));
}

/** The date `months` later; the 31st becomes the month's last day where it has none. */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  return iso(day(date).plus({ months }));
}

/** The date `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return iso(day(date).plus({ years }));
}

const weekdays = boundedMemo<number>();

export function weekdayOf(date: IsoDate): Weekday {
  return weekdays(date, () => day(date).weekday) as Weekday;
}

export function monthOf(date: IsoDate): YearMonth {
  return date.slice(0, 7);
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function addMonths(month: YearMonth, months: number): YearMonth {
  return addMonthCount(month, months);
}

export function daysInMonth(month: YearMonth): number {
  return day(`${month}-01`).daysInMonth ?? 31;
}

/** Day `n` of the month, or its last day when the month is shorter (day 31 in April is the 30th). */
export function dayOfMonth(month: YearMonth, n: number): IsoDate {
  return `${month}-${String(Math.min(n, daysInMonth(month))).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round(day(to).diff(day(from), 'days').days);
}

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: IsoDate, to: IsoDate): IsoDate[] {
  // Counted, not compared as strings: a year past 9999 is written "+010000-…", which sorts
  // before "9999-…", so a string loop would never end.
  const count = daysBetween(from, to);
  const dates: IsoDate[] = [];
  for (let i = 0; i <= count; i += 1) dates.push(addDays(from, i));
  return dates;
}

export function isLeapYear(year: number): boolean {
  return DateTime.fromObject({ year }, { zone: 'UTC' }).isInLeapYear;
}

/** Whether `text` is a real month in "YYYY-MM" form. */
export function isYearMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** "2026年12月" */
export function formatMonthZh(month: YearMonth): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

/** "12月4日（周五）" */
export function formatShortDateZh(date: IsoDate): string {
  const t = day(date);
  return `${t.month}月${t.day}日（${WEEKDAYS_ZH[t.weekday - 1] ?? ''}）`;
}

/** The first instant of `date` in `zone`. */
export function startOfLocalDay(date: IsoDate, zone: string): Date {
  return new Date(dayStarts(`${date}|${zone}`, () => DateTime.fromISO(date, { zone }).startOf('day').toMillis()));
}

/** The first instant after `date` in `zone`: the end of that day, exclusive. */
export function endOfLocalDay(date: IsoDate, zone: string): Date {
  return new Date(dayEnds(`${date}|${zone}`, () => DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toMillis()));
}

const dayStarts = boundedMemo<number>();
const dayEnds = boundedMemo<number>();
