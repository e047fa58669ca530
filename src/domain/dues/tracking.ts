import type { BranchSettings } from '../branch-settings.js';
import { monthAt, type YearMonth } from './months.js';

/** The first month whose dues the bot tracks for a branch: its setting, else the month the branch was created. */
export function duesTrackingStart(settings: Pick<BranchSettings, 'duesTrackingSince' | 'timezone'>, branchCreatedAt: Date): YearMonth {
  return settings.duesTrackingSince ?? monthAt(branchCreatedAt, settings.timezone);
}
