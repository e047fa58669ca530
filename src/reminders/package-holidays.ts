import { createRequire } from 'node:module';
import type { HolidayYear } from '../domain/calendar/holiday-calendar.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: HolidayYear[] | undefined;

/**
 * The years the `chinese-days` package covers, as holiday years. The package itself treats
 * any year it lacks as plain Monday–Friday, so zhibu reads its data, not its functions, and
 * knows which years are really covered.
 */
export function packageHolidayYears(): HolidayYear[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const { version } = require('chinese-days/package.json') as { version: string };
  const years = new Map<number, { holidays: Record<string, string>; workdays: Record<string, string> }>();
  const add = (list: 'holidays' | 'workdays', date: string, name: string) => {
    const year = Number(date.slice(0, 4));
    const entry = years.get(year) ?? { holidays: {}, workdays: {} };
    years.set(year, entry);
    // Names are "National Day,国庆节,3": English, Chinese, days.
    entry[list][date] = name.split(',')[1] ?? name;
  };
  for (const [date, name] of Object.entries(data.holidays)) add('holidays', date, name);
  for (const [date, name] of Object.entries(data.workdays)) add('workdays', date, name);
  cached = [...years].sort(([a], [b]) => a - b).map(([year, days]) => ({ year, ...days, source: `chinese-days ${version}` }));
  return cached;
}
