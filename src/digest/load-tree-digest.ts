import type { Db } from '../db/client.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { treeDigestRows, type TreeDigestRow } from '../domain/digest/tree-digest.js';
import { walkTree } from '../org-tree/walk-tree.js';
import { loadBranchDigest } from './load-branch-digest.js';

interface OrgRow {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
  createdAt: Date;
  settings: unknown;
}

/** The branches under (and including) the organizations `rootIds`, or under every top-level organization. */
export async function subtreeBranches(db: Db, rootIds: readonly number[] | 'all'): Promise<OrgRow[]> {
  // One read of the tree: a deployment serves one organ, so it is small.
  const orgs: OrgRow[] = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true, parentId: true, createdAt: true, settings: true }, orderBy: { id: 'asc' } });
  return walkTree(orgs, rootIds).filter((org) => org.kind === 'branch');
}

/** One row per branch of the subtree, the branches to look at first. */
export async function loadTreeDigest(db: Db, rootIds: readonly number[] | 'all', calendar: HolidayCalendar, now: Date, defaultZone: string): Promise<TreeDigestRow[]> {
  const branches = await subtreeBranches(db, rootIds);
  const digests = [];
  // One branch at a time: each digest already runs its queries together.
  for (const branch of branches) digests.push(await loadBranchDigest(db, branch, readBranchSettings(branch.settings, defaultZone), calendar, now));
  return treeDigestRows(digests);
}
