import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '../dates.js';
import { datesFrom, daysBetween, weekdayOf, yearOf } from './calendar-dates.js';
import type { HolidayYear } from './holiday-calendar.js';

const MAX_BLOCK_DAYS = 31;

const ENTRY = 'each entry is a range { "name": "国庆节", "from": "2027-10-01", "to": "2027-10-07" } or a day { "name": "国庆节", "date": "2027-09-26" }';

/** What each field holds, said when it is missing or of the wrong kind. */
const FIELDS: Record<string, string> = {
  year: 'the year the notice is for, a number such as 2027',
  source: 'the notice the dates come from, as text, such as "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"',
  holidays: 'a list of the days off besides ordinary weekends',
  workdays: 'a list of the weekend days worked instead (调休上班); [] when there are none',
  name: 'the holiday\'s name, such as "国庆节"',
  from: 'the first day, YYYY-MM-DD',
  to: 'the last day, YYYY-MM-DD',
  date: 'the day, YYYY-MM-DD',
};

const isoDate = z.string().refine((t) => parseIsoDate(t) !== undefined, 'must be a date in YYYY-MM-DD form');
const entry = z.union([
  z.strictObject({ name: z.string().min(1).max(20), from: isoDate, to: isoDate.optional() }),
  z.strictObject({ name: z.string().min(1).max(20), date: isoDate }),
], { error: ENTRY });

/**
 * A year's holiday arrangement as an admin writes it from the State Council's notice, for
 * `zhibu holidays import`:
 *
 * @example
 * { "year": 2027, "source": "国办发明电〔2026〕X号",
 *   "holidays": [{ "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" }],
 *   "workdays": [{ "name": "春节", "date": "2027-02-07" }] }
 */
export const holidayFileSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: z.string().trim().min(1, 'name the notice the dates come from').max(200),
  holidays: z.array(entry).min(1, 'list at least one holiday'),
  workdays: z.array(entry).default([]),
});

export type HolidayFile = z.input<typeof holidayFileSchema>;

/** The holiday year a file describes, or what is wrong with it (in English: an operator reads it). */
export function readHolidayFile(json: unknown): { year: HolidayYear } | { errors: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { errors: ['(file): must be one JSON object: { "year": 2027, "source": "…", "holidays": [ … ], "workdays": [ … ] } (README, "Importing a new year\'s holidays")'] };
  }
  const parsed = holidayFileSchema.safeParse(json, { error: describeIssue });
  if (!parsed.success) {
    return { errors: parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(file)'}: ${i.message}`) };
  }
  const file = parsed.data;
  const errors: string[] = [];
  const expand = (list: 'holidays' | 'workdays'): Record<IsoDate, string> => {
    const days: Record<IsoDate, string> = {};
    file[list].forEach((e, i) => {
      const from = 'date' in e ? e.date : e.from;
      const to = 'date' in e ? e.date : (e.to ?? e.from);
      // Counted before expanding: a block "to" 9999 would otherwise be millions of dates.
      const length = daysBetween(from, to) + 1;
      if (length < 1) errors.push(`${list}.${i}: "to" (${to}) is before "from" (${from})`);
      if (length > MAX_BLOCK_DAYS) errors.push(`${list}.${i}: ${length} days is longer than any holiday block; check the dates`);
      const dates = length >= 1 && length <= MAX_BLOCK_DAYS ? datesFrom(from, to) : [];
      for (const date of dates) {
        if (yearOf(date) !== file.year) errors.push(`${list}.${i}: ${date} is not in ${file.year}`);
        else days[date] = e.name;
      }
    });
    return days;
  };
  const holidays = expand('holidays');
  const workdays = expand('workdays');
  for (const date of Object.keys(workdays)) {
    if (holidays[date] !== undefined) errors.push(`${date} is listed both as a holiday and as a make-up workday`);
    if (weekdayOf(date) <= 5) errors.push(`workdays: ${date} is a Monday–Friday; only weekend days are make-up workdays (调休上班)`);
  }
  return errors.length > 0 ? { errors } : { year: { year: file.year, holidays, workdays, source: file.source } };
}

/** zod's issues in words an operator can act on: what is missing, what it should hold. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const field = FIELDS[String(issue.path?.at(-1) ?? '')];
  if (issue.code === 'unrecognized_keys') return `unknown ${issue.keys.length > 1 ? 'keys' : 'key'} ${issue.keys.map((k) => `"${k}"`).join(', ')}; a file has "year", "source", "holidays" and "workdays"`;
  if (issue.code === 'invalid_type' && field) return issue.input === undefined ? `required: ${field}` : `must be ${field}`;
  return undefined;
}
