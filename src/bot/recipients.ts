import type { Db } from '../db/client.js';
import { BRANCH_OFFICER_ROLES } from './actor.js';
import type { PlatformName, Recipient } from './types.js';

/** Private-chat recipients for members, through their accounts on one platform and tenant. */
export async function membersOn(db: Db, memberIds: number[], platform: PlatformName, tenant: string): Promise<Recipient[]> {
  if (memberIds.length === 0) return [];
  const identities = await db.identity.findMany({
    where: { memberId: { in: memberIds }, platform, tenant },
    include: { member: { select: { name: true } } },
    orderBy: { id: 'asc' },
  });
  return identities.map((i) => ({ platform, tenant, kind: 'user', id: i.platformUserId, label: i.member.name }));
}

/** Members holding a branch-officer role (secretary, deputy, organization officer) in a branch. */
export async function branchOfficerIds(db: Db, branchId: number): Promise<number[]> {
  const grants = await db.roleGrant.findMany({
    where: { organizationId: branchId, role: { in: [...BRANCH_OFFICER_ROLES] }, member: { leftAt: null } },
    select: { memberId: true },
  });
  return [...new Set(grants.map((g) => g.memberId))];
}
