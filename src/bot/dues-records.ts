import type { Db, DuesCategory, DuesRecord, Member } from '../db/client.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import type { DuesRounding } from '../domain/dues/assessment.js';
import { formatYuan } from '../domain/dues/money.js';
import { monthAt, type YearMonth } from '../domain/dues/months.js';
import { duesTrackingStart } from '../domain/dues/tracking.js';
import { auditEntry } from './audit.js';
import type { BranchRef } from './branch-ref.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';
import { membersOn } from './recipients.js';
import { answerPrivately } from './replies.js';
import type { Reply } from './types.js';

/** What the dues commands need to know of a branch at `now`. */
export interface DuesBranch {
  /** The first month whose dues are tracked (the setting, else the month the branch was created). */
  trackingStart: YearMonth;
  rounding: DuesRounding;
  currentMonth: YearMonth;
}

export async function loadDuesBranch(db: Db, branch: BranchRef, now: Date): Promise<DuesBranch> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: branch.id }, select: { settings: true, createdAt: true } });
  const settings = readBranchSettings(org.settings, branch.zone);
  return { trackingStart: duesTrackingStart(settings, org.createdAt), rounding: settings.duesRounding, currentMonth: monthAt(now, branch.zone) };
}

/** A member's dues records, and the months they cover as paid (reported or confirmed) and confirmed. */
export async function memberDuesMonths(db: Db, memberId: number): Promise<{ records: DuesRecord[]; paid: Set<string>; confirmed: Set<string> }> {
  const records = await db.duesRecord.findMany({ where: { memberId }, orderBy: { month: 'asc' } });
  return {
    records,
    paid: new Set(records.filter((r) => r.status !== 'unpaid').map((r) => r.month)),
    confirmed: new Set(records.filter((r) => r.status === 'confirmed').map((r) => r.month)),
  };
}

/**
 * Fixes a member's monthly dues for a year (a secretary's /dues set or /dues assess), with its
 * audit row; the secretary and the member hear the amount in private. The salary base never
 * reaches this function: only the assessed amount is kept.
 */
export async function fixMonthlyDues(
  ctx: CommandContext,
  branch: BranchRef,
  member: Member,
  fix: { fen: number; year: number; category?: DuesCategory; action: 'dues.set' | 'dues.assess'; how: string },
): Promise<Reply[]> {
  await ctx.db.$transaction([
    ctx.db.member.update({ where: { id: member.id }, data: { duesMonthlyFen: fix.fen, duesYear: fix.year, ...(fix.category ? { duesCategory: fix.category } : {}) } }),
    ctx.db.auditLog.create({ data: auditEntry(ctx, { action: fix.action, entity: 'Member', entityId: member.id, organizationId: branch.id, detail: { member: member.name, monthlyFen: fix.fen, year: fix.year, category: fix.category ?? null } }) }),
  ]);
  const amount = `${formatYuan(fix.fen)} 元`;
  const told = await membersOn(ctx.db, [member.id], ctx.msg.platform, ctx.msg.tenant);
  const lines = [`已核定${member.name}${fix.year}年每月党费 ${amount}${fix.how}。`];
  if (told.length === 0) lines.push('（该成员没有在本平台关联账号，请另行告知。）');
  return [
    ...answerPrivately(ctx, { title: '党费核定', lines }, '已记录，详情已私信。'),
    ...told.filter((to) => to.id !== ctx.msg.senderId).map((to) => ({ to, message: { title: '党费核定', lines: [`支部已核定你${fix.year}年每月党费 ${amount}。`] } })),
  ];
}

/** The year dues are fixed for: this year by default, or the next one (set in December for January). */
export function duesYear(now: Date, zone: string, year: number | undefined): number {
  const current = Number(monthAt(now, zone).slice(0, 4));
  if (year === undefined) return current;
  if (year !== current && year !== current + 1) throw new CommandError('bad_args', `只能核定${current}年或${current + 1}年的党费。`);
  return year;
}
