import type { IsoDate } from '../dates.js';
import { isLeapYear, yearOf } from './calendar-dates.js';

/** Anniversaries named in the greeting. */
export const BIRTHDAY_MILESTONES = [10, 20, 30, 40, 50, 60, 70] as const;

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

export function isMilestone(years: number): boolean {
  return (BIRTHDAY_MILESTONES as readonly number[]).includes(years);
}

/** "入党 20 周年" for a milestone, "入党 11 年" otherwise. */
export function describeYears(years: number): string {
  return isMilestone(years) ? `入党 ${years} 周年` : `入党 ${years} 年`;
}
