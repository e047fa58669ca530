import type { Db, Organization } from '../db/client.js';
import { OrgTreeError } from './org-tree-error.js';

/** A current (not dissolved) organisation by name, or a Chinese refusal. */
export async function findLiveOrganization(db: Db, name: string, label = '组织'): Promise<Organization> {
  const org = await db.organization.findUnique({ where: { name } });
  if (!org) throw new OrgTreeError(`没有找到${label}「${name}」。`);
  if (org.dissolvedAt) throw new OrgTreeError(`「${name}」已撤销。`);
  return org;
}

/** Who made a tree change, for its audit row. */
export interface TreeActor {
  actor: string;
  actorMemberId: number | null;
}
