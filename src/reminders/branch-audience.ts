import type { PlatformName, Recipient } from '../bot/types.js';
import type { Db, Role } from '../db/client.js';

const PLATFORMS: readonly string[] = ['feishu', 'dingtalk', 'console'] satisfies PlatformName[];

/** Who in a branch can be reached, and where. Loads lazily and remembers for one planning pass. */
export interface BranchAudience {
  /** Every group chat bound to the branch. */
  groups(): Promise<Recipient[]>;
  /**
   * One private-chat account per member: on a platform where the branch has a group if the
   * member has one there, else their oldest account. Members without an account are absent.
   */
  privately(memberIds: readonly number[]): Promise<Map<number, Recipient>>;
  /** The members holding the first of `tiers` that anyone in the branch holds: [['secretary'], ['deputy_secretary']]. */
  officers(tiers: readonly (readonly Role[])[]): Promise<number[]>;
}

/** The secretary; without one, the deputy and the organization officer. */
export const SECRETARY_FIRST: readonly (readonly Role[])[] = [['secretary'], ['deputy_secretary', 'organization_officer']];
/** The secretary and the organization officer; without either, the deputy. */
export const SECRETARY_AND_ORGANIZATION_OFFICER: readonly (readonly Role[])[] = [['secretary', 'organization_officer'], ['deputy_secretary']];
/** The organization officer (组织委员); without one, the secretary, then the deputy. */
export const ORGANIZATION_OFFICER_FIRST: readonly (readonly Role[])[] = [['organization_officer'], ['secretary'], ['deputy_secretary']];

export function branchAudience(db: Db, branchId: number): BranchAudience {
  // Each is read once per planning pass: a branch asks for its members several times (one
  // slot kind after another), and planning touches every branch.
  let bindings: Promise<{ platform: string; tenant: string; chatId: string }[]> | undefined;
  let accounts: Promise<{ memberId: number; platform: string; tenant: string; platformUserId: string; member: { name: string } }[]> | undefined;
  let grants: Promise<{ memberId: number; role: Role }[]> | undefined;
  const loadBindings = () => (bindings ??= db.chatBinding.findMany({ where: { branchId }, select: { platform: true, tenant: true, chatId: true }, orderBy: { id: 'asc' } }));
  const loadAccounts = () => (accounts ??= db.identity.findMany({
    where: { member: { branchId }, platform: { in: [...PLATFORMS] } },
    select: { memberId: true, platform: true, tenant: true, platformUserId: true, member: { select: { name: true } } },
    orderBy: { id: 'asc' },
  }));
  const loadGrants = () => (grants ??= db.roleGrant.findMany({
    where: { organizationId: branchId, member: { leftAt: null } },
    select: { memberId: true, role: true },
    orderBy: { memberId: 'asc' },
  }));
  return {
    async groups() {
      return (await loadBindings())
        .filter((b) => PLATFORMS.includes(b.platform))
        .map((b) => ({ platform: b.platform as PlatformName, tenant: b.tenant, kind: 'chat', id: b.chatId }));
    },
    async privately(memberIds) {
      const found = new Map<number, Recipient>();
      if (memberIds.length === 0) return found;
      const wanted = new Set(memberIds);
      const groupPlaces = new Set((await loadBindings()).map((b) => `${b.platform}:${b.tenant}`));
      const identities = (await loadAccounts()).filter((i) => wanted.has(i.memberId));
      const ranked = [...identities.filter((i) => groupPlaces.has(`${i.platform}:${i.tenant}`)), ...identities];
      for (const i of ranked) {
        if (found.has(i.memberId)) continue;
        found.set(i.memberId, { platform: i.platform as PlatformName, tenant: i.tenant, kind: 'user', id: i.platformUserId, label: i.member.name });
      }
      return found;
    },
    async officers(tiers) {
      const held = await loadGrants();
      for (const tier of tiers) {
        const ids = held.filter((g) => tier.includes(g.role)).map((g) => g.memberId);
        if (ids.length > 0) return [...new Set(ids)];
      }
      return [];
    },
  };
}
