import type { PlatformName, Recipient } from '../bot/types.js';
import type { Db, MemberStatus, Role } from '../db/client.js';

const PLATFORMS: readonly string[] = ['feishu', 'dingtalk', 'console'] satisfies PlatformName[];

/** A current member of the branch, with what the reminders read of them. */
export interface AudienceMember {
  id: number;
  name: string;
  status: MemberStatus;
  joinedAt: string | null;
  probationStartedAt: string | null;
  exempt: boolean;
  duesMonthlyFen: number | null;
  duesYear: number | null;
}

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
  /** The branch's members who have not left, by id. */
  members(): Promise<AudienceMember[]>;
}

/** The secretary; without one, the deputy and the organization officer. */
export const SECRETARY_FIRST: readonly (readonly Role[])[] = [['secretary'], ['deputy_secretary', 'organization_officer']];
/** The secretary and the organization officer; without either, the deputy. */
export const SECRETARY_AND_ORGANIZATION_OFFICER: readonly (readonly Role[])[] = [['secretary', 'organization_officer'], ['deputy_secretary']];
/** The organization officer (组织委员); without one, the secretary, then the deputy. */
export const ORGANIZATION_OFFICER_FIRST: readonly (readonly Role[])[] = [['organization_officer'], ['secretary'], ['deputy_secretary']];

interface Binding { platform: string; tenant: string; chatId: string }
interface Account { memberId: number; platform: string; tenant: string; platformUserId: string; name: string }
interface Grant { memberId: number; role: Role }

/** The audience of one branch. */
export function branchAudience(db: Db, branchId: number): BranchAudience {
  return batchAudience(db, [branchId])(branchId);
}

/**
 * The audiences of several branches that read together: the first branch to ask for its
 * members (or accounts, grants, chats) loads those of all of them in one query. A planning
 * pass over a thousand branches then reads each table ten times, not a thousand.
 */
export function batchAudience(db: Db, branchIds: readonly number[]): (branchId: number) => BranchAudience {
  const ids = [...new Set(branchIds)];
  const bindings = lazyByBranch(async () => (await db.chatBinding.findMany({
    where: { branchId: { in: ids } }, select: { branchId: true, platform: true, tenant: true, chatId: true }, orderBy: { id: 'asc' },
  })).map((b) => [b.branchId, b] as const));
  const accounts = lazyByBranch(async () => (await db.identity.findMany({
    where: { member: { branchId: { in: ids } }, platform: { in: [...PLATFORMS] } },
    select: { memberId: true, platform: true, tenant: true, platformUserId: true, member: { select: { name: true, branchId: true } } },
    orderBy: { id: 'asc' },
  })).map((i) => [i.member.branchId, { memberId: i.memberId, platform: i.platform, tenant: i.tenant, platformUserId: i.platformUserId, name: i.member.name }] as const));
  const grants = lazyByBranch(async () => (await db.roleGrant.findMany({
    where: { organizationId: { in: ids }, member: { leftAt: null } }, select: { organizationId: true, memberId: true, role: true }, orderBy: { memberId: 'asc' },
  })).map((g) => [g.organizationId, { memberId: g.memberId, role: g.role }] as const));
  const members = lazyByBranch(async () => (await db.member.findMany({
    where: { branchId: { in: ids }, leftAt: null },
    select: { id: true, branchId: true, name: true, status: true, joinedAt: true, probationStartedAt: true, exempt: true, duesMonthlyFen: true, duesYear: true },
    orderBy: { id: 'asc' },
  })).map(({ branchId, ...m }) => [branchId, m] as const));
  return (branchId) => audienceOf(branchId, { bindings, accounts, grants, members });
}

function audienceOf(branchId: number, load: {
  bindings: Lazy<Binding>; accounts: Lazy<Account>; grants: Lazy<Grant>; members: Lazy<AudienceMember>;
}): BranchAudience {
  return {
    async groups() {
      return (await load.bindings(branchId))
        .filter((b) => PLATFORMS.includes(b.platform))
        .map((b) => ({ platform: b.platform as PlatformName, tenant: b.tenant, kind: 'chat', id: b.chatId }));
    },
    async privately(memberIds) {
      const found = new Map<number, Recipient>();
      if (memberIds.length === 0) return found;
      const wanted = new Set(memberIds);
      const groupPlaces = new Set((await load.bindings(branchId)).map((b) => `${b.platform}:${b.tenant}`));
      const identities = (await load.accounts(branchId)).filter((i) => wanted.has(i.memberId));
      const ranked = [...identities.filter((i) => groupPlaces.has(`${i.platform}:${i.tenant}`)), ...identities];
      for (const i of ranked) {
        if (found.has(i.memberId)) continue;
        found.set(i.memberId, { platform: i.platform as PlatformName, tenant: i.tenant, kind: 'user', id: i.platformUserId, label: i.name });
      }
      return found;
    },
    async officers(tiers) {
      const held = await load.grants(branchId);
      for (const tier of tiers) {
        const ids = held.filter((g) => tier.includes(g.role)).map((g) => g.memberId);
        if (ids.length > 0) return [...new Set(ids)];
      }
      return [];
    },
    members: () => load.members(branchId),
  };
}

type Lazy<T> = (branchId: number) => Promise<T[]>;

/** Reads once, on first use, rows keyed by branch; then answers each branch's share, in the read's order. */
function lazyByBranch<T>(read: () => Promise<(readonly [number, T])[]>): Lazy<T> {
  let grouped: Promise<Map<number, T[]>> | undefined;
  return async (branchId) => {
    grouped ??= read().then((rows) => {
      const map = new Map<number, T[]>();
      for (const [id, row] of rows) {
        const list = map.get(id);
        if (list) list.push(row);
        else map.set(id, [row]);
      }
      return map;
    });
    return (await grouped).get(branchId) ?? [];
  };
}
