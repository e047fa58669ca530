import type { IsoDate } from '../dates.js';
import { addMonthsToDate, addYears } from './calendar-dates.js';

/** The secretary hears this many months before the committee's term ends. */
export const TERM_NOTICE_MONTHS = [3, 1] as const;

/** The day the branch committee's term ends (换届): `years` after it began. */
export function termEndOf(startedOn: IsoDate, years: number): IsoDate {
  return addYears(startedOn, years);
}

/** The term-election notices by date: { '2026-12-01': 3, '2027-02-01': 1 } for a term ending 2027-03-01. */
export function termNoticeDates(startedOn: IsoDate, years: number): Map<IsoDate, number> {
  const endsOn = termEndOf(startedOn, years);
  return new Map(TERM_NOTICE_MONTHS.map((months) => [addMonthsToDate(endsOn, -months), months]));
}
