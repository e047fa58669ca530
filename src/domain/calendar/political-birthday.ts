import type { IsoDate } from '../dates.js';
import { isLeapYear, yearOf } from './calendar-dates.js';

/** Anniversaries named in the greeting: every multiple of this many years, without an upper limit. */
export const BIRTHDAY_MILESTONE_STEP = 10;

/**
 * The political birthday (the anniversary of admission) in `year`. Someone admitted on
 * 29 February is greeted on 28 February in common years.
 */
export function politicalBirthdayIn(joinedAt: IsoDate, year: number): IsoDate {
  const monthDay = joinedAt.slice(5);
  return monthDay === '02-29' && !isLeapYear(year) ? `${year}-02-28` : `${year}-${monthDay}`;
}

/** Whole years since admission when `date` is the political birthday; undefined on other days and in the year of admission. */
export function birthdayYearsOn(joinedAt: IsoDate, date: IsoDate): number | undefined {
  const years = yearOf(date) - yearOf(joinedAt);
  return years >= 1 && politicalBirthdayIn(joinedAt, yearOf(date)) === date ? years : undefined;
}

/** 10, 20, 30 … years, 80 and 100 included. */
export function isMilestone(years: number): boolean {
  return years > 0 && years % BIRTHDAY_MILESTONE_STEP === 0;
}

/** "入党 20 周年" for a milestone, "入党 11 年" otherwise. */
export function describeYears(years: number): string {
  return isMilestone(years) ? `入党 ${years} 周年` : `入党 ${years} 年`;
}
