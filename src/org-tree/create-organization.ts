import type { Db, Organization } from '../db/client.js';
import { placementProblem } from '../domain/organization-kinds.js';
import type { OrganizationKind } from '../domain/vocabulary.js';
import { findLiveOrganization, type TreeActor } from './find-organization.js';
import { OrgTreeError } from './org-tree-error.js';

/** Creates an organisation of `kind` under the parent named (or at the top), audited. */
export async function createOrganization(
  db: Db,
  input: { name: string; kind: OrganizationKind; parentName: string | undefined },
  who: TreeActor,
): Promise<{ org: Organization; parent: Organization | null }> {
  if (await db.organization.findUnique({ where: { name: input.name } })) throw new OrgTreeError(`「${input.name}」已经存在。`);
  const parent = input.parentName ? await findLiveOrganization(db, input.parentName, '上级组织') : null;
  if (parent?.kind === 'branch') throw new OrgTreeError(`「${parent.name}」是支部，不能作为上级组织。`);
  const problem = placementProblem(input.kind, parent?.kind ?? null);
  if (problem) throw new OrgTreeError(problem);
  const org = await db.$transaction(async (tx) => {
    const created = await tx.organization.create({ data: { name: input.name, kind: input.kind, parentId: parent?.id ?? null } });
    await tx.auditLog.create({
      data: { ...who, action: 'organization.create', entity: 'Organization', entityId: String(created.id), organizationId: created.id, detail: { name: input.name, kind: input.kind, parent: parent?.name ?? null } },
    });
    return created;
  });
  return { org, parent };
}
