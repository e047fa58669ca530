import type { Db, Member, RoleGrant } from '../db/client.js';
import { readAccount, readWhoAndWhere, type AccountRecord, type OrganizationRecord } from '../db/read-who-and-where.js';
import type { Level } from './command.js';
import type { BranchRef } from './branch-ref.js';
import type { IncomingMessage } from './types.js';

/** The person behind a message, as far as the records know them. */
export interface Actor {
  /** "console:local:张三": platform, tenant and platform user id. */
  key: string;
  name: string;
  /** The roster entry this account belongs to, if any (members who left excluded). */
  member: Member | null;
  /** Listed in ZHIBU_ADMINS. */
  isBootstrapAdmin: boolean;
  grants: Pick<RoleGrant, 'role' | 'organizationId'>[];
}

/** Roles that act for a branch's committee: they run the branch's routine. */
export const BRANCH_OFFICER_ROLES = ['secretary', 'deputy_secretary', 'organization_officer'] as const;

/** A chat account: platform, tenant and the platform's user id. */
export interface Account {
  platform: IncomingMessage['platform'];
  tenant: string;
  userId: string;
}

/**
 * Looks the sender of `msg` up in the records and, in a group chat, the organisation the chat
 * is bound to: one statement for both (src/db/read-who-and-where.ts), since every message
 * needs both. `admins` holds "platform:userId" entries.
 */
export async function loadActorInChat(db: Db, msg: IncomingMessage, admins: ReadonlySet<string>): Promise<{ actor: Actor; chatBranch: OrganizationRecord | undefined }> {
  const account = { platform: msg.platform, tenant: msg.tenant, userId: msg.senderId };
  const chat = msg.chatType === 'group' ? { platform: msg.platform, tenant: msg.tenant, chatId: msg.chatId } : undefined;
  const read = await readWhoAndWhere(db, account, chat);
  const actor = actorOf(account, read.account, admins);
  return { actor: actor.member ? actor : { ...actor, name: msg.senderName ?? msg.senderId }, chatBranch: read.chatBranch };
}

/**
 * The person behind an account as the records know them now: for a link used after it was
 * made, whose holder may have left the roster or lost a post since.
 */
export async function loadAccountActor(db: Db, account: Account, admins: ReadonlySet<string>): Promise<Actor> {
  return actorOf(account, await readAccount(db, account), admins);
}

function actorOf(account: Account, record: AccountRecord | undefined, admins: ReadonlySet<string>): Actor {
  const member = record?.member.leftAt === null ? record.member : null;
  return {
    key: actorKey(account),
    name: member?.name ?? account.userId,
    member,
    isBootstrapAdmin: admins.has(`${account.platform}:${account.userId}`),
    grants: member ? record?.grants ?? [] : [],
  };
}

/** "dingtalk:<corpId>:<staffId>": how the audit log and signed links name an account. */
export function actorKey(account: Account): string {
  return `${account.platform}:${account.tenant}:${account.userId}`;
}

/** The account an actor key names; undefined for keys that name none ("cli", "system"). */
export function accountOfKey(key: string): Account | undefined {
  const match = /^(feishu|dingtalk|console):([^:]+):(.+)$/.exec(key);
  if (!match) return undefined;
  const [, platform, tenant, userId] = match as unknown as [string, Account['platform'], string, string];
  return { platform, tenant, userId };
}

/** The ids of `orgId` and its ancestors, nearest first. */
export async function lineageOf(db: Db, orgId: number): Promise<number[]> {
  const ids: number[] = [];
  let current: number | null = orgId;
  // The tree is shallow (working committee -> committee -> general branch -> branch); the
  // bound guards against a cycle an operator might have written by hand.
  while (current !== null && ids.length < 16 && !ids.includes(current)) {
    ids.push(current);
    const org: { parentId: number | null } | null = await db.organization.findUnique({ where: { id: current }, select: { parentId: true } });
    current = org?.parentId ?? null;
  }
  return ids;
}

/** Whether the actor administers `orgId`: a bootstrap admin, or admin of it or an ancestor. */
export async function administers(db: Db, actor: Actor, orgId: number | null): Promise<boolean> {
  if (actor.isBootstrapAdmin) return true;
  const adminOrgs = actor.grants.filter((g) => g.role === 'admin').map((g) => g.organizationId);
  if (adminOrgs.length === 0 || orgId === null) return false;
  const lineage = await lineageOf(db, orgId);
  return adminOrgs.some((id) => lineage.includes(id));
}

/** The highest level the actor holds in `branch` (or, without a branch, globally). */
export async function levelIn(db: Db, actor: Actor, branch: BranchRef | undefined): Promise<Level> {
  if (actor.isBootstrapAdmin) return 'admin';
  if (!branch) {
    if (actor.grants.some((g) => g.role === 'admin')) return 'admin';
    // A 书记 or 组织委员 of a 工委, 党委 or 总支 reads the tree below it (/digest tree); a branch's
    // officers are officers in their branch only, never in another branch's chat.
    const posts = actor.grants.filter((g) => (BRANCH_OFFICER_ROLES as readonly string[]).includes(g.role)).map((g) => g.organizationId);
    if (posts.length > 0 && (await db.organization.count({ where: { id: { in: posts }, kind: { not: 'branch' }, dissolvedAt: null } })) > 0) return 'secretary';
    return actor.member ? 'member' : 'anyone';
  }
  if (await administers(db, actor, branch.id)) return 'admin';
  const isOfficer = actor.grants.some((g) => g.organizationId === branch.id && (BRANCH_OFFICER_ROLES as readonly string[]).includes(g.role));
  if (isOfficer) return 'secretary';
  return actor.member?.branchId === branch.id ? 'member' : 'anyone';
}

const ORDER: Level[] = ['anyone', 'member', 'secretary', 'admin'];

export function meetsLevel(held: Level, required: Level): boolean {
  return ORDER.indexOf(held) >= ORDER.indexOf(required);
}
