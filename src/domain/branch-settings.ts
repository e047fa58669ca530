import { z } from 'zod';
import { isYearMonth, type YearMonth } from './calendar/calendar-dates.js';
import { CADENCE_KINDS, CADENCES, DEFAULT_CADENCE, type Cadence, type CadenceKind } from './calendar/meeting-cadence.js';
import { parsePartyDayRule, type PartyDayRule } from './calendar/party-day-rule.js';
import { parseQuietHours, type QuietHours } from './calendar/quiet-hours.js';
import { parseWeeklyTime, type WeeklyTime } from './calendar/weekly-time.js';
import { HOLIDAY_SHIFTS, type HolidayShift } from './calendar/workday-shift.js';
import { isTimeZone, parseIsoDate, type IsoDate } from './dates.js';
import { DEFAULT_ROUNDING, ROUNDING_MODES, ROUNDING_UNITS, type DuesRounding } from './dues/assessment.js';
import { REMINDER_GROUPS, type ReminderGroup } from './reminders/reminder-groups.js';

/**
 * A branch's settings as stored in the JSON column of its Organization row, in their written
 * forms ("first friday 15:00", "22:00-08:00"). Every key is optional in storage; reading fills
 * the defaults, so adding a setting needs no migration.
 */
export const branchSettingsSchema = z.object({
  timezone: z.string().refine(isTimeZone),
  /** The fixed party day rule: "first friday 15:00", "day 15 09:00". */
  partyDay: z.string().refine((t) => parsePartyDayRule(t) !== undefined),
  /** Where a party day that falls on a day off goes. */
  shift: z.enum(HOLIDAY_SHIFTS),
  /** Day of the month dues are paid (党费日). */
  duesDay: z.number().int().min(1).max(31),
  /** Where a dues day that falls on a day off goes. */
  duesShift: z.enum(HOLIDAY_SHIFTS),
  /** When the secretary's weekly digest goes out: "mon 09:00" or "off". */
  digest: z.string().refine((t) => parseWeeklyTime(t) !== undefined),
  /** "22:00-08:00" or "off". */
  quiet: z.string().refine((t) => parseQuietHours(t) !== undefined),
  /** The day the branch committee's current term began (YYYY-MM-DD). */
  termStarted: z.string().refine((t) => parseIsoDate(t) !== undefined),
  termYears: z.number().int().min(1).max(10),
  /** The first month whose dues zhibu tracks (YYYY-MM); earlier months are never counted as unpaid. */
  duesTrackingSince: z.string().refine(isYearMonth),
  /** Computed dues are rounded to the fen (default), the jiao or the yuan… */
  duesRoundingUnit: z.enum(ROUNDING_UNITS),
  /** …half up (default), down or up. */
  duesRoundingMode: z.enum(ROUNDING_MODES),
  /** Reminder groups turned off (false) or on. */
  reminders: z.partialRecord(z.enum(REMINDER_GROUPS), z.boolean()),
  cadence: z.partialRecord(z.enum(CADENCE_KINDS), z.enum(CADENCES)),
  /** Whether the party-day card and morning notice ask members to wear the party badge (default on). */
  badge: z.boolean(),
}).partial();

export type StoredBranchSettings = z.infer<typeof branchSettingsSchema>;

/** The settings of a branch, read and with defaults filled in. */
export interface BranchSettings {
  timezone: string;
  partyDay: PartyDayRule | null;
  shift: HolidayShift;
  duesDay: number | null;
  duesShift: HolidayShift;
  digest: WeeklyTime | null;
  quiet: QuietHours | null;
  termStarted: IsoDate | null;
  termYears: number;
  /** Null: from the month the branch was created (see duesTrackingStart). */
  duesTrackingSince: YearMonth | null;
  duesRounding: DuesRounding;
  reminders: Record<ReminderGroup, boolean>;
  cadence: Record<CadenceKind, Cadence>;
  /** The 请佩戴党员徽章 line on the party-day card and morning notice. */
  badge: boolean;
}

export const DEFAULT_DIGEST = 'mon 09:00';
export const DEFAULT_QUIET = '22:00-08:00';
export const DEFAULT_TERM_YEARS = 3;

/** The stored keys that can be read; an unreadable key is dropped alone, so one bad value never hides the others. */
export function readStoredSettings(stored: unknown): StoredBranchSettings {
  if (typeof stored !== 'object' || stored === null) return {};
  const result: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(branchSettingsSchema.shape)) {
    const value = (stored as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) result[key] = parsed.data;
  }
  return result;
}

/** The settings of a branch with defaults filled in; unreadable values fall back to defaults. */
export function readBranchSettings(stored: unknown, defaultZone: string): BranchSettings {
  const s = readStoredSettings(stored);
  const digest = parseWeeklyTime(s.digest ?? DEFAULT_DIGEST);
  const quiet = parseQuietHours(s.quiet ?? DEFAULT_QUIET);
  return {
    timezone: s.timezone ?? defaultZone,
    partyDay: s.partyDay ? (parsePartyDayRule(s.partyDay) ?? null) : null,
    shift: s.shift ?? 'next_workday',
    duesDay: s.duesDay ?? null,
    duesShift: s.duesShift ?? 'next_workday',
    digest: digest && digest !== 'off' ? digest : null,
    quiet: quiet && quiet !== 'off' ? quiet : null,
    termStarted: s.termStarted ?? null,
    termYears: s.termYears ?? DEFAULT_TERM_YEARS,
    duesTrackingSince: s.duesTrackingSince ?? null,
    duesRounding: { unit: s.duesRoundingUnit ?? DEFAULT_ROUNDING.unit, mode: s.duesRoundingMode ?? DEFAULT_ROUNDING.mode },
    reminders: Object.fromEntries(REMINDER_GROUPS.map((g) => [g, s.reminders?.[g] ?? true])) as Record<ReminderGroup, boolean>,
    cadence: { ...DEFAULT_CADENCE, ...s.cadence },
    badge: s.badge ?? true,
  };
}
