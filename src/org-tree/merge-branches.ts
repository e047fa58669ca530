import type { Db, Organization } from '../db/client.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { localDate } from '../domain/dates.js';
import { monthAt } from '../domain/dues/months.js';
import { applyDissolution, planDissolutionOf, type PlannedDissolution } from './dissolve-organization.js';
import { findLiveOrganization, type TreeActor } from './find-organization.js';
import { OrgTreeError } from './org-tree-error.js';

/** What merging `from` into `to` would do. */
export interface PlannedMerge {
  from: Organization;
  to: Organization;
  members: number;
  /** Activities ahead that people arranged: they move to `to`. */
  movingActivities: number;
  /** Party days the old branch's own rule created ahead: `to` arranges its own, so these are cancelled. */
  ruleActivities: number;
}

/** Checks that branch `fromName` may be merged into branch `toName`. Writes nothing. */
export async function planMerge(db: Db, input: { fromName: string; toName: string; now: Date }): Promise<PlannedMerge> {
  const from = await findLiveOrganization(db, input.fromName);
  const to = await findLiveOrganization(db, input.toName);
  if (from.id === to.id) throw new OrgTreeError('不能把支部并入它自己。');
  for (const org of [from, to]) if (org.kind !== 'branch') throw new OrgTreeError(`「${org.name}」不是支部，只有支部可以合并。`);
  const [members, children, movingActivities, ruleActivities] = await Promise.all([
    db.member.count({ where: { branchId: from.id, leftAt: null } }),
    db.organization.count({ where: { parentId: from.id, dissolvedAt: null } }),
    db.activity.count({ where: { branchId: from.id, status: 'scheduled', startsAt: { gt: input.now }, occurrenceKey: null } }),
    db.activity.count({ where: { branchId: from.id, status: 'scheduled', startsAt: { gt: input.now }, occurrenceKey: { not: null } } }),
  ]);
  if (children > 0) throw new OrgTreeError(`「${from.name}」下面还有 ${children} 个组织，不能合并。`);
  return { from, to, members, movingActivities, ruleActivities };
}

/**
 * Merges branch `from` into `to` in one transaction. Each member on `from`'s roster leaves it
 * (their row, with its check-ins and dues, stays with `from`'s ledgers) and comes onto `to`'s
 * roster as a new row from today, taking their accounts, their posts elsewhere, the marks of
 * activities ahead and their dues records: the paid months are copied, so nothing is owed
 * twice, and the months from this one on move. Activities ahead that people arranged move
 * to `to`; then `from` is dissolved, readable under its name. Audited.
 */
export async function mergeBranches(db: Db, plan: PlannedMerge, now: Date, defaultZone: string, who: TreeActor): Promise<{ moved: number }> {
  const { from, to } = plan;
  const zone = readBranchSettings(to.settings, defaultZone).timezone;
  const today = localDate(now, zone);
  const thisMonth = monthAt(now, zone);
  return db.$transaction(async (tx) => {
    const members = await tx.member.findMany({ where: { branchId: from.id, leftAt: null }, orderBy: { id: 'asc' } });
    const future = await tx.activity.findMany({ where: { branchId: from.id, status: 'scheduled', startsAt: { gt: now }, occurrenceKey: null }, select: { id: true } });
    const futureIds = future.map((a) => a.id);
    await tx.activity.updateMany({ where: { id: { in: futureIds } }, data: { branchId: to.id } });
    for (const m of members) {
      const { id: oldId, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = m;
      const moved = await tx.member.create({ data: { ...fields, branchId: to.id, joinedBranchOn: today, leftAt: null, createdAt: now } });
      await tx.member.update({ where: { id: oldId }, data: { leftAt: now } });
      await tx.identity.updateMany({ where: { memberId: oldId }, data: { memberId: moved.id } });
      await tx.roleGrant.updateMany({ where: { memberId: oldId, organizationId: { not: from.id } }, data: { memberId: moved.id } });
      await tx.checkIn.updateMany({ where: { memberId: oldId, activityId: { in: futureIds } }, data: { memberId: moved.id } });
      await tx.duesRecord.updateMany({ where: { memberId: oldId, month: { gte: thisMonth } }, data: { memberId: moved.id } });
      const paid = await tx.duesRecord.findMany({ where: { memberId: oldId, status: { not: 'unpaid' } } });
      if (paid.length > 0) {
        await tx.duesRecord.createMany({
          data: paid.map(({ id: _id, memberId: _m, confirmedById: _c, createdAt: _ca, updatedAt: _ua, note, ...d }) => ({ ...d, memberId: moved.id, note: note ?? `并入前在「${from.name}」缴纳` })),
        });
      }
    }
    const dissolution: PlannedDissolution = await planDissolutionOf(tx, from, now);
    await applyDissolution(tx, dissolution, now, who);
    await tx.auditLog.create({
      data: {
        ...who, action: 'organization.merge', entity: 'Organization', entityId: String(from.id), organizationId: to.id,
        detail: { from: from.name, to: to.name, members: members.length, movedActivities: futureIds.length, cancelledActivities: plan.ruleActivities },
      },
    });
    return { moved: members.length };
  });
}
