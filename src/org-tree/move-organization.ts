import type { Db, Organization } from '../db/client.js';
import { placementProblem } from '../domain/organization-kinds.js';
import { lineageOf } from '../bot/actor.js';
import { findLiveOrganization, type TreeActor } from './find-organization.js';
import { OrgTreeError } from './org-tree-error.js';

/** What a move would do: the organisation, where it is and where it goes. */
export interface PlannedMove {
  org: Organization;
  from: Organization | null;
  to: Organization;
}

/** Checks a move of `name` under `parentName`; writes nothing. */
export async function planMove(db: Db, input: { name: string; parentName: string }): Promise<PlannedMove> {
  const org = await findLiveOrganization(db, input.name);
  const to = await findLiveOrganization(db, input.parentName, '上级组织');
  if (org.parentId === to.id) throw new OrgTreeError(`「${org.name}」已经在「${to.name}」之下。`);
  if (to.kind === 'branch') throw new OrgTreeError(`「${to.name}」是支部，不能作为上级组织。`);
  const problem = placementProblem(org.kind, to.kind);
  if (problem) throw new OrgTreeError(problem);
  if ((await lineageOf(db, to.id)).includes(org.id)) throw new OrgTreeError(`「${to.name}」在「${org.name}」之下，不能把上级移到自己的下级里。`);
  const from = org.parentId === null ? null : await db.organization.findUnique({ where: { id: org.parentId } });
  return { org, from, to };
}

/** Moves the organisation (with everything below it) under its new parent, audited. */
export async function moveOrganization(db: Db, move: PlannedMove, who: TreeActor): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: move.org.id }, data: { parentId: move.to.id } });
    await tx.auditLog.create({
      data: { ...who, action: 'organization.move', entity: 'Organization', entityId: String(move.org.id), organizationId: move.org.id, detail: { name: move.org.name, from: move.from?.name ?? null, to: move.to.name } },
    });
  });
}
