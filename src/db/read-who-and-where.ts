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

type Row = Partial<Record<(typeof MEMBER_COLUMNS)[number], unknown>> & {
  grantRole?: unknown; grantOrganizationId?: unknown; chatBranchId?: unknown; chatBranchName?: unknown; chatBranchParentId?: unknown; chatBranchSettings?: unknown;
};

/** A chat account: platform, tenant and the platform's user id. */
export interface AccountKey {
  platform: string;
  tenant: string;
  userId: string;
}

/** A group chat on a platform. */
export interface ChatKey {
  platform: string;
  tenant: string;
  chatId: string;
}

/**
 * Who sent a message and which branch its group chat is bound to, in ONE statement: the
 * account's member and role grants (one row per grant) joined with the chat's binding and
 * branch. Every message asks this; Prisma's includes spend five statements on it (identity,
 * member, grants; binding, branch), each with a model query's JavaScript, and on PostgreSQL a
 * round trip each. Read through the driver adapter as raw SQL, never cached: a burst is
 * thousands of different members, each asking once, and a binding changed by another instance
 * must count at once.
 */
export async function readWhoAndWhere(db: Db, who: AccountKey | undefined, where: ChatKey | undefined): Promise<{ account?: AccountRecord; chatBranch?: OrganizationRecord }> {
  const p = placeholders(db);
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return p(params.length);
  };
  const columns: string[] = [];
  const joins: string[] = [];
  if (who) {
    columns.push(...MEMBER_COLUMNS.map((c) => `m."${c}" AS "${c}"`), 'g."role" AS "grantRole"', 'g."organizationId" AS "grantOrganizationId"');
    joins.push(`LEFT JOIN "Identity" i ON i."platform" = ${param(who.platform)} AND i."tenant" = ${param(who.tenant)} AND i."platformUserId" = ${param(who.userId)}`,
      'LEFT JOIN "Member" m ON m."id" = i."memberId"', 'LEFT JOIN "RoleGrant" g ON g."memberId" = m."id"');
  }
  if (where) {
    columns.push('o."id" AS "chatBranchId"', 'o."name" AS "chatBranchName"', 'o."parentId" AS "chatBranchParentId"', 'o."settings" AS "chatBranchSettings"');
    joins.push(`LEFT JOIN "ChatBinding" b ON b."platform" = ${param(where.platform)} AND b."tenant" = ${param(where.tenant)} AND b."chatId" = ${param(where.chatId)}`,
      'LEFT JOIN "Organization" o ON o."id" = b."branchId"');
  }
  if (columns.length === 0) return {};
  // One row to hang the left joins on, so a missing account or binding leaves the other's columns.
  const sql = `SELECT ${columns.join(', ')} FROM (SELECT 1 AS "one") one ${joins.join(' ')}${who ? ' ORDER BY g."id"' : ''}`;
  const rows = await db.$queryRawUnsafe<Row[]>(sql, ...params);
  const [first] = rows;
  const hasMember = first?.id !== null && first?.id !== undefined;
  const account = hasMember ? {
    member: memberOf(first),
    grants: rows.filter((r) => r.grantRole !== null).map((r) => ({ role: r.grantRole as RoleGrant['role'], organizationId: Number(r.grantOrganizationId) })),
  } : undefined;
  const hasChat = first?.chatBranchId !== null && first?.chatBranchId !== undefined;
  const chatBranch = hasChat
    ? { id: Number(first.chatBranchId), name: first.chatBranchName as string, parentId: nullableNumber(first.chatBranchParentId), settings: jsonOf(first.chatBranchSettings) }
    : undefined;
  return { account, chatBranch };
}

/** The account's member and role grants (see readWhoAndWhere). */
export async function readAccount(db: Db, account: AccountKey): Promise<AccountRecord | undefined> {
  return (await readWhoAndWhere(db, account, undefined)).account;
}

/** A raw row as Prisma's model API returns it. */
function memberOf(row: Row): Member {
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
