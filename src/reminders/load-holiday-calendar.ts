import { z } from 'zod';
import type { Db } from '../db/client.js';
import { holidayCalendar, type HolidayCalendar, type HolidayYear } from '../domain/calendar/holiday-calendar.js';
import { packageHolidayYears } from './package-holidays.js';

const storedDays = z.object({ holidays: z.record(z.string(), z.string()), workdays: z.record(z.string(), z.string()) });

/** The holiday calendar: the package's years, with the years admins imported on top. */
export async function loadHolidayCalendar(db: Db): Promise<HolidayCalendar> {
  const imported = await db.holidayYear.findMany({ orderBy: { year: 'asc' } });
  const years: HolidayYear[] = imported.flatMap((row) => {
    const days = storedDays.safeParse(row.days);
    return days.success ? [{ year: row.year, ...days.data, source: row.source }] : [];
  });
  return holidayCalendar([...packageHolidayYears(), ...years]);
}
