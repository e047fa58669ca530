import { daysBetween } from '../calendar/calendar-dates.js';
import { localDate } from '../dates.js';
import type { BranchDigest } from './branch-digest.js';

/** One branch in an organization's digest of its subtree. */
export interface TreeDigestRow {
  branchName: string;
  isSilent: boolean;
  /** Days since the last activity began; null when there was none in the year. */
  daysSinceActivity: number | null;
  /** The last activity's attendance rate; null without one, or when nobody was expected. */
  rate: number | null;
  /** The last activity's 应到; null without one. */
  expected: number | null;
  unpaid: number;
  arrears: number;
  overdue: number;
}

/**
 * The rows of a subtree digest: silent branches first (the longest silent first), then the
 * lowest attendance first, so the branches to look at come first.
 */
export function treeDigestRows(digests: readonly BranchDigest[]): TreeDigestRow[] {
  const rows = digests.map((d): TreeDigestRow => ({
    branchName: d.branchName,
    isSilent: d.isSilent,
    daysSinceActivity: d.lastActivityAt ? daysBetween(localDate(d.lastActivityAt, d.zone), d.today) : null,
    rate: d.lastActivity?.attendance.rate ?? null,
    expected: d.lastActivity?.attendance.expected ?? null,
    unpaid: d.dues.unpaid.length,
    arrears: d.dues.arrears.length,
    overdue: d.overdueCount,
  }));
  const silence = (r: TreeDigestRow) => r.daysSinceActivity ?? Number.MAX_SAFE_INTEGER;
  return rows.sort((a, b) => {
    if (a.isSilent !== b.isSilent) return a.isSilent ? -1 : 1;
    if (a.isSilent) return silence(b) - silence(a) || a.branchName.localeCompare(b.branchName, 'zh');
    return (a.rate ?? 1) - (b.rate ?? 1) || a.branchName.localeCompare(b.branchName, 'zh');
  });
}
