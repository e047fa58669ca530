import type { Db, Organization } from '../db/client.js';
import { findLiveOrganization, type TreeActor } from './find-organization.js';
import { OrgTreeError } from './org-tree-error.js';

/**
 * Renames an organisation, keeping the old name with the instant it stopped being used, so
 * ledgers of earlier periods show the name of their time (`nameAt`). Audited.
 */
export async function renameOrganization(db: Db, input: { name: string; newName: string; now: Date }, who: TreeActor): Promise<Organization> {
  const org = await findLiveOrganization(db, input.name);
  if (input.newName === org.name) throw new OrgTreeError(`「${org.name}」已经叫这个名字。`);
  if (await db.organization.findUnique({ where: { name: input.newName } })) throw new OrgTreeError(`「${input.newName}」已经存在。`);
  return db.$transaction(async (tx) => {
    await tx.organizationName.create({ data: { organizationId: org.id, name: org.name, usedUntil: input.now } });
    const renamed = await tx.organization.update({ where: { id: org.id }, data: { name: input.newName } });
    await tx.auditLog.create({
      data: { ...who, action: 'organization.rename', entity: 'Organization', entityId: String(org.id), organizationId: org.id, detail: { from: org.name, to: input.newName } },
    });
    return renamed;
  });
}
