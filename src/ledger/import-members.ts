import type { Db, Member, Prisma } from '../db/client.js';
import { yearOf } from '../domain/calendar/calendar-dates.js';
import { localDate } from '../domain/dates.js';
import { isSameName } from '../domain/names.js';
import type { MemberRow } from './member-rows.js';

type AccountPlatform = 'feishu' | 'dingtalk';
const PLATFORM_ZH: Record<AccountPlatform, string> = { feishu: '飞书ID', dingtalk: '钉钉ID' };

export interface MemberImport {
  branchId: number;
  rows: MemberRow[];
  isDryRun: boolean;
  /** AuditLog actor ("feishu:<tenant>:<open_id>", "cli:<user>"). */
  actor: string;
  actorMemberId?: number | null;
  /** The tenant accounts of each platform belong to: the chat's, else the one of the branch's bound group. */
  tenants: Partial<Record<AccountPlatform, string>>;
  now: Date;
  zone: string;
  /** For the audit row. */
  source: string;
}

export interface MemberImportResult {
  /** Row errors found against the records (accounts on other branches, ambiguous names); nothing was written. */
  errors: string[];
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Adds or updates the roster from validated rows, all or nothing, in one transaction: a row
 * is matched to a member by a Feishu or DingTalk account, else by name on the branch's roster;
 * a match is updated (and brought back if they had left), anyone else is added. A dry run
 * plans the same and writes nothing. One audit row records the import.
 */
export async function importMembers(db: Db, request: MemberImport): Promise<MemberImportResult> {
  return db.$transaction(async (tx) => {
    const result: MemberImportResult = { errors: [], created: [], updated: [], unchanged: [] };
    const writes: ((t: typeof tx) => Promise<unknown>)[] = [];
    const year = yearOf(localDate(request.now, request.zone));
    // Writes wait until every row is checked, so the roster read once stays what rows match against.
    const roster = await tx.member.findMany({ where: { branchId: request.branchId, leftAt: null }, orderBy: { id: 'asc' } });
    for (const row of request.rows) {
      const accounts: { platform: AccountPlatform; tenant: string; platformUserId: string }[] = [];
      for (const platform of ['feishu', 'dingtalk'] as const) {
        const id = platform === 'feishu' ? row.feishuId : row.dingtalkId;
        if (!id) continue;
        const tenant = request.tenants[platform];
        if (!tenant) result.errors.push(`第 ${row.line} 行：本支部还没有绑定${platform === 'feishu' ? '飞书' : '钉钉'}群，无法登记${PLATFORM_ZH[platform]}`);
        else accounts.push({ platform, tenant, platformUserId: id });
      }
      const identities = await Promise.all(accounts.map((a) => tx.identity.findUnique({ where: { platform_tenant_platformUserId: a }, include: { member: { include: { branch: true } } } })));
      const byAccount = identities.find((i) => i !== null)?.member;
      if (byAccount && byAccount.branchId !== request.branchId && byAccount.leftAt === null) {
        result.errors.push(`第 ${row.line} 行：${row.name}的账号已在「${byAccount.branch.name}」名册中，请先从原支部移出`);
        continue;
      }
      if (identities.some((i) => i && byAccount && i.memberId !== byAccount.id)) {
        result.errors.push(`第 ${row.line} 行：飞书ID 和钉钉ID 属于两个不同的人`);
        continue;
      }
      let member: Member | null = byAccount ?? null;
      if (!member) {
        const named = roster.filter((m) => isSameName(m.name, row.name));
        if (named.length > 1) {
          result.errors.push(`第 ${row.line} 行：名册中有 ${named.length} 个「${row.name}」，请写上飞书ID或钉钉ID区分`);
          continue;
        }
        member = named[0] ?? null;
      }

      const data = {
        name: row.name,
        status: row.status,
        ...(row.joinedAt ? { joinedAt: row.joinedAt } : {}),
        ...(row.probationStartedAt ? { probationStartedAt: row.probationStartedAt } : {}),
        ...(row.duesMonthlyFen !== null ? { duesMonthlyFen: row.duesMonthlyFen, duesYear: year } : {}),
      } satisfies Prisma.MemberUncheckedUpdateInput;
      const newAccounts = accounts.filter((_, i) => identities[i] === null);
      if (!member) {
        result.created.push(row.name);
        writes.push(async (t) => {
          const created = await t.member.create({ data: { ...data, branchId: request.branchId } });
          for (const account of newAccounts) await t.identity.create({ data: { ...account, displayName: row.name, memberId: created.id } });
        });
        continue;
      }
      const existing = member;
      const isChanged = existing.branchId !== request.branchId || existing.leftAt !== null || newAccounts.length > 0
        || Object.entries(data).some(([key, value]) => existing[key as keyof typeof data] !== value);
      if (!isChanged) {
        result.unchanged.push(row.name);
        continue;
      }
      result.updated.push(row.name);
      writes.push(async (t) => {
        await t.member.update({ where: { id: existing.id }, data: { ...data, branchId: request.branchId, leftAt: null } });
        for (const account of newAccounts) await t.identity.create({ data: { ...account, displayName: row.name, memberId: existing.id } });
      });
    }
    if (result.errors.length > 0 || request.isDryRun || writes.length === 0) return result;
    for (const write of writes) await write(tx);
    await tx.auditLog.create({
      data: {
        actor: request.actor, actorMemberId: request.actorMemberId ?? null, action: 'member.import', entity: 'Organization',
        entityId: String(request.branchId), organizationId: request.branchId,
        detail: { source: request.source, created: result.created, updated: result.updated, unchanged: result.unchanged.length },
      },
    });
    return result;
  }, { timeout: 60_000 });
}
