import type { Db } from '../db/client.js';
import type { OrganizationRecord } from '../db/read-who-and-where.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import type { IncomingMessage } from './types.js';

/** The branch a command acts on, with what every command needs to know of it. */
export interface BranchRef {
  id: number;
  name: string;
  parentId: number | null;
  /** The branch's time zone (its setting, else the deployment's default). */
  zone: string;
}

/**
 * The branch a message concerns: the one its group chat is bound to (`chatBranch`, read with
 * the sender by loadActorInChat), or in private chat the one a confirmation button names,
 * else the sender's own branch.
 */
export async function resolveBranch(db: Db, msg: IncomingMessage, here: { memberBranchId: number | undefined; chatBranch: OrganizationRecord | undefined }, defaultZone: string): Promise<BranchRef | undefined> {
  if (msg.chatType === 'group') return here.chatBranch ? toBranchRef(here.chatBranch, defaultZone) : undefined;
  const { memberBranchId } = here;
  // A confirmation button (src/bot/confirmation.ts) names the branch of the group it was asked in.
  const carried = Number(msg.action?.branchId);
  if (Number.isInteger(carried) && carried > 0) {
    const org = await db.organization.findFirst({ where: { id: carried, kind: 'branch', dissolvedAt: null } });
    return org ? toBranchRef(org, defaultZone) : undefined;
  }
  if (memberBranchId === undefined) return undefined;
  const org = await db.organization.findFirst({ where: { id: memberBranchId } });
  return org ? toBranchRef(org, defaultZone) : undefined;
}

export function toBranchRef(org: { id: number; name: string; parentId: number | null; settings: unknown }, defaultZone: string): BranchRef {
  return { id: org.id, name: org.name, parentId: org.parentId, zone: readBranchSettings(org.settings, defaultZone).timezone };
}
