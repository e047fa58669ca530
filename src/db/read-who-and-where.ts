import type { Db, Member, RoleGrant } from './client.js';
import { booleanOf, dateOf, jsonOf, nullableDate, nullableNumber, nullableString, placeholders } from './raw-values.js';

/** A chat account's roster entry and the roles it holds, as Prisma would read them. */
export interface AccountRecord {
  /** The member the account belongs to, whether or not they left the roster. */
  member: Member;
  grants: Pick<RoleGrant, 'role' | 'organizationId'>[];
}

/** An organisation as a message's branch needs it. */
export interface OrganizationRecord {
  id: number;
  name: string;
  parentId: number | null;
  settings: unknown;
}

const MEMBER_COLUMNS = [
  'id', 'name', 'branchId', 'status', 'joinedAt', 'probationStartedAt', 'convertedAt', 'duesCategory', 'duesMonthlyFen',
  'duesYear', 'exempt', 'joinedBranchOn', 'leftAt', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof Member)[];

type MemberRow = Record<(typeof MEMBER_COLUMNS)[number], unknown> & { grantRole: unknown; grantOrganizationId: unknown };

/**
 * The account's member and role grants in one statement. Every message asks this, and
 * Prisma's `include` spends three statements (identity, member, grants) and a model query's
 * JavaScript on each; this is one join read through the driver adapter, one row per grant.
 * Never cached: a burst is thousands of different members, each asking once.
 */
export async function readAccount(db: Db, account: { platform: string; tenant: string; userId: string }): Promise<AccountRecord | undefined> {
  const p = placeholders(db);
  const columns = MEMBER_COLUMNS.map((c) => `m."${c}" AS "${c}"`).join(', ');
  const sql = `SELECT ${columns}, g."role" AS "grantRole", g."organizationId" AS "grantOrganizationId"
    FROM "Identity" i JOIN "Member" m ON m."id" = i."memberId" LEFT JOIN "RoleGrant" g ON g."memberId" = m."id"
    WHERE i."platform" = ${p(1)} AND i."tenant" = ${p(2)} AND i."platformUserId" = ${p(3)} ORDER BY g."id"`;
  const rows = await db.$queryRawUnsafe<MemberRow[]>(sql, account.platform, account.tenant, account.userId);
  const [first] = rows;
  if (!first) return undefined;
  const grants = rows.filter((r) => r.grantRole !== null).map((r) => ({ role: r.grantRole as RoleGrant['role'], organizationId: Number(r.grantOrganizationId) }));
  return { member: memberOf(first), grants };
}

/** The organisation a group chat is bound to, in one statement (Prisma's include takes two). */
export async function readChatBranch(db: Db, chat: { platform: string; tenant: string; chatId: string }): Promise<OrganizationRecord | undefined> {
  const p = placeholders(db);
  const sql = `SELECT o."id" AS "id", o."name" AS "name", o."parentId" AS "parentId", o."settings" AS "settings"
    FROM "ChatBinding" b JOIN "Organization" o ON o."id" = b."branchId"
    WHERE b."platform" = ${p(1)} AND b."tenant" = ${p(2)} AND b."chatId" = ${p(3)}`;
  const [row] = await db.$queryRawUnsafe<Record<keyof OrganizationRecord, unknown>[]>(sql, chat.platform, chat.tenant, chat.chatId);
  if (!row) return undefined;
  return { id: Number(row.id), name: row.name as string, parentId: nullableNumber(row.parentId), settings: jsonOf(row.settings) };
}

/** A raw row as Prisma's model API returns it. */
function memberOf(row: MemberRow): Member {
  return {
    id: Number(row.id),
    name: row.name as string,
    branchId: Number(row.branchId),
    status: row.status as Member['status'],
    joinedAt: nullableString(row.joinedAt),
    probationStartedAt: nullableString(row.probationStartedAt),
    convertedAt: nullableString(row.convertedAt),
    duesCategory: row.duesCategory as Member['duesCategory'],
    duesMonthlyFen: nullableNumber(row.duesMonthlyFen),
    duesYear: nullableNumber(row.duesYear),
    exempt: booleanOf(row.exempt),
    joinedBranchOn: nullableString(row.joinedBranchOn),
    leftAt: nullableDate(row.leftAt),
    createdAt: dateOf(row.createdAt),
    updatedAt: dateOf(row.updatedAt),
  };
}
