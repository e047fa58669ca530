import type { Db } from '../db/client.js';
import { readStoredSettings } from '../domain/branch-settings.js';
import type { RecordedTerm } from '../domain/organization-terms.js';
import { walkTree } from './walk-tree.js';

/**
 * The recorded terms of the live organisations below `rootIds` (every organisation for
 * 'all'), the roots included unless they are 工委, which the list is for rather than about.
 */
export async function loadTermsBelow(db: Db, rootIds: readonly number[] | 'all'): Promise<RecordedTerm[]> {
  // One read of the tree: a deployment serves one organ, so it is small.
  const orgs = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true, parentId: true, settings: true }, orderBy: { id: 'asc' } });
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return walkTree(orgs, rootIds).filter((org) => org.kind !== 'working_committee').map((org) => {
    const stored = readStoredSettings(org.settings);
    return {
      name: org.name, kind: org.kind, parentName: org.parentId === null ? null : (byId.get(org.parentId)?.name ?? null),
      startedOn: stored.termStarted ?? null, years: stored.termYears ?? null,
    };
  });
}
