import type { Db, Organization, Prisma } from '../db/client.js';
import { findLiveOrganization, type TreeActor } from './find-organization.js';
import { OrgTreeError } from './org-tree-error.js';

/** What dissolving would touch besides the organisation itself. */
export interface PlannedDissolution {
  org: Organization;
  chatBindings: number;
  roleGrants: number;
  futureActivities: number;
}

/**
 * Checks that `name` may be dissolved: nobody on its roster and no live organisation below
 * it (members are moved or removed first). Writes nothing.
 */
export async function planDissolution(db: Db, input: { name: string; now: Date }): Promise<PlannedDissolution> {
  return planDissolutionOf(db, await findLiveOrganization(db, input.name), input.now);
}

/** planDissolution of an organisation already found, in a transaction or not. */
export async function planDissolutionOf(db: Db | Prisma.TransactionClient, org: Organization, now: Date): Promise<PlannedDissolution> {
  const [members, children, chatBindings, roleGrants, futureActivities] = await Promise.all([
    db.member.count({ where: { branchId: org.id, leftAt: null } }),
    db.organization.count({ where: { parentId: org.id, dissolvedAt: null } }),
    db.chatBinding.count({ where: { branchId: org.id } }),
    db.roleGrant.count({ where: { organizationId: org.id } }),
    db.activity.count({ where: { branchId: org.id, status: 'scheduled', startsAt: { gt: now } } }),
  ]);
  if (members > 0) throw new OrgTreeError(`「${org.name}」的名册上还有 ${members} 人，不能撤销。请先把成员转到其他支部或移出名册。`);
  if (children > 0) throw new OrgTreeError(`「${org.name}」下面还有 ${children} 个组织，不能撤销。请先把它们移到其他上级组织下或撤销。`);
  return { org, chatBindings, roleGrants, futureActivities };
}

/**
 * Dissolves the organisation: marked with the instant, its group chats unbound, posts and
 * admin grants on it ended, activities still ahead cancelled and reminders still waiting
 * skipped. Its records (activities held, check-ins, dues, audit) stay and its ledgers still
 * export under its name. Audited.
 */
export async function dissolveOrganization(db: Db, plan: PlannedDissolution, now: Date, who: TreeActor): Promise<void> {
  await db.$transaction(async (tx) => applyDissolution(tx, plan, now, who));
}

/** The writes of a dissolution, inside the caller's transaction (a merge ends with one). */
export async function applyDissolution(tx: Prisma.TransactionClient, plan: PlannedDissolution, now: Date, who: TreeActor): Promise<void> {
  const { org } = plan;
  const marked = await tx.organization.updateMany({ where: { id: org.id, dissolvedAt: null }, data: { dissolvedAt: now } });
  if (marked.count === 0) throw new OrgTreeError(`「${org.name}」已撤销。`);
  // Someone added to the roster since the preview: the transaction undoes the mark.
  if ((await tx.member.count({ where: { branchId: org.id, leftAt: null } })) > 0) throw new OrgTreeError(`「${org.name}」的名册上又有了成员，没有撤销。`);
  await tx.chatBinding.deleteMany({ where: { branchId: org.id } });
  await tx.roleGrant.deleteMany({ where: { organizationId: org.id } });
  await tx.activity.updateMany({ where: { branchId: org.id, status: 'scheduled', startsAt: { gt: now } }, data: { status: 'cancelled' } });
  await tx.notification.updateMany({ where: { branchId: org.id, status: 'pending' }, data: { status: 'skipped' } });
  await tx.auditLog.create({
    data: {
      ...who, action: 'organization.dissolve', entity: 'Organization', entityId: String(org.id), organizationId: org.id,
      detail: { name: org.name, chatBindings: plan.chatBindings, roleGrants: plan.roleGrants, cancelledActivities: plan.futureActivities },
    },
  });
}
