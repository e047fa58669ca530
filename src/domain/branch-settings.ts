import { z } from 'zod';
import { isTimeZone } from './dates.js';

/**
 * A branch's settings, stored as JSON on its Organization row. Every key is optional in
 * storage; reading fills the defaults, so adding a setting needs no migration.
 */
export const branchSettingsSchema = z.object({
  timezone: z.string().refine(isTimeZone).optional(),
});

export type BranchSettings = Required<z.infer<typeof branchSettingsSchema>>;

/** The settings of a branch with defaults filled in; unreadable values fall back to defaults. */
export function readBranchSettings(stored: unknown, defaultZone: string): BranchSettings {
  const parsed = branchSettingsSchema.safeParse(stored ?? {});
  const settings = parsed.success ? parsed.data : {};
  return { timezone: settings.timezone ?? defaultZone };
}
