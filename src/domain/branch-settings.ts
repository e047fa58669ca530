import { z } from 'zod';
import { isTimeZone } from './dates.js';
import { DEFAULT_ROUNDING, ROUNDING_MODES, ROUNDING_UNITS, type DuesRounding } from './dues/assessment.js';
import { parseMonth } from './dues/months.js';

/**
 * A branch's settings, stored as JSON on its Organization row. Every key is optional in
 * storage; reading fills the defaults, so adding a setting needs no migration.
 */
export const branchSettingsSchema = z.object({
  timezone: z.string().refine(isTimeZone).optional(),
  /** The first month (YYYY-MM) whose dues the bot tracks; by default the month the branch was created. */
  duesTrackingSince: z.string().refine((m) => parseMonth(m) === m).optional(),
  /** Computed dues are rounded to the fen (default), the jiao or the yuan… */
  duesRoundingUnit: z.enum(ROUNDING_UNITS).optional(),
  /** …half up (default), down or up. */
  duesRoundingMode: z.enum(ROUNDING_MODES).optional(),
});

export interface BranchSettings {
  timezone: string;
  /** YYYY-MM, or null: from the month the branch was created (domain/dues/tracking.ts). */
  duesTrackingSince: string | null;
  duesRounding: DuesRounding;
}

/** The settings of a branch with defaults filled in; unreadable values fall back to defaults. */
export function readBranchSettings(stored: unknown, defaultZone: string): BranchSettings {
  const parsed = branchSettingsSchema.safeParse(stored ?? {});
  const settings = parsed.success ? parsed.data : {};
  return {
    timezone: settings.timezone ?? defaultZone,
    duesTrackingSince: settings.duesTrackingSince ?? null,
    duesRounding: { unit: settings.duesRoundingUnit ?? DEFAULT_ROUNDING.unit, mode: settings.duesRoundingMode ?? DEFAULT_ROUNDING.mode },
  };
}
