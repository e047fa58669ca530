import { z } from 'zod';
import type { DuesRecord, Member } from '../../db/client.js';
import type { Reply } from '../types.js';
import { firstDueMonth } from '../../domain/dues/due-months.js';
import { formatYuan } from '../../domain/dues/money.js';
import { formatMonthsZh } from '../../domain/dues/months.js';
import { planPayment } from '../../domain/dues/payment-plan.js';
import { mentionSchema, monthArg, yuanArg } from '../args.js';
import { auditEntry } from '../audit.js';
import type { BranchRef } from '../branch-ref.js';
import type { CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { loadDuesBranch, memberDuesMonths } from '../dues-records.js';
import { branchOf } from '../guards.js';
import { findBranchMember, personNamed } from '../people.js';
import { membersOn } from '../recipients.js';
import { answerPrivately } from '../replies.js';
import { isSelfDecision } from '../self-decision.js';

const USAGE = '/dues confirm @成员 [month=YYYY-MM] [amount=金额]';

export const duesConfirmCommand = defineCommand({
  name: 'dues confirm',
  aliases: ['党费 确认', '确认党费'],
  isPrivate: true,
  level: 'secretary',
  branch: 'required',
  summary: '确认成员登记的党费（也可点卡片上的按钮）；写明月份可直接登记当面收取的党费',
  usage: USAGE,
  examples: ['/dues confirm @李四', '/dues confirm @李四 month=2026-11', '/dues confirm 孙八 month=2026-12 amount=50'],
  keys: { month: ['月份', '月'], amount: ['金额'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ month: monthArg('月份').optional(), amount: yuanArg('金额').optional() }),
  }).transform((a) => ({ who: personNamed(a), ...a.named })),
  async run(ctx, { who, month, amount }) {
    const branch = branchOf(ctx);
    const ids = (ctx.msg.action?.duesRecordIds ?? '').split(',').map(Number).filter((id) => Number.isInteger(id) && id > 0);
    if (ids.length > 0) return confirmRecords(ctx, branch, await recordsById(ctx, branch, ids));
    if (!who) throw new CommandError('bad_args', `请 @ 要确认党费的成员。\n用法：${USAGE}`);
    const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
    if (month) return confirmMonth(ctx, branch, member, month, amount);
    if (amount !== undefined) throw new CommandError('bad_args', `写了金额请同时写月份 month=YYYY-MM。\n用法：${USAGE}`);
    const reported = await ctx.db.duesRecord.findMany({ where: { memberId: member.id, status: 'reported' }, include: { member: true }, orderBy: { month: 'asc' } });
    if (reported.length === 0) throw new CommandError('not_found', `${member.name}没有待确认的党费登记。`);
    return confirmRecords(ctx, branch, reported);
  },
});

type RecordWithMember = DuesRecord & { member: Member };

/** The records a card button names; all must belong to the branch's members. */
async function recordsById(ctx: CommandContext, branch: BranchRef, ids: number[]): Promise<RecordWithMember[]> {
  const records = await ctx.db.duesRecord.findMany({ where: { id: { in: ids } }, include: { member: true }, orderBy: { month: 'asc' } });
  if (records.length === 0) throw new CommandError('not_found', '这些党费登记已不存在。');
  if (records.some((r) => r.member.branchId !== branch.id)) throw new CommandError('not_allowed', `这些党费登记属于其他支部，不能在「${branch.name}」确认。`);
  const reported = records.filter((r) => r.status === 'reported');
  if (reported.length === 0) throw new CommandError('conflict', `${[...new Set(records.map((r) => r.member.name))].join('、')}的这笔党费已确认，无需重复。`);
  return reported;
}

/** A month named: confirm its report, or record a payment the secretary received in person. */
async function confirmMonth(ctx: CommandContext, branch: BranchRef, member: Member, month: string, amount: number | undefined) {
  const existing = await ctx.db.duesRecord.findUnique({ where: { memberId_month: { memberId: member.id, month } }, include: { member: true } });
  if (existing?.status === 'confirmed') throw new CommandError('conflict', `${member.name} ${formatMonthsZh([month])}的党费已确认，无需重复。`);
  if (existing?.status === 'reported' && amount === undefined) return confirmRecords(ctx, branch, [existing]);
  const isSelf = await isSelfDecision(ctx, branch, [member.id], '党费');
  const dues = await loadDuesBranch(ctx.db, branch, ctx.now);
  const { paid, confirmed } = await memberDuesMonths(ctx.db, member.id);
  const plan = planPayment(
    { firstMonth: month, amountFen: amount },
    { currentMonth: dues.currentMonth, firstDueMonth: firstDueMonth(member, dues.trackingStart), paidMonths: paid, confirmedMonths: confirmed, monthlyFen: member.duesMonthlyFen },
  );
  if (!plan.ok) throw new CommandError('bad_args', `${member.name}：${plan.reason}`);
  const fen = plan.parts[0]?.fen ?? 0;
  const data = { amountDueFen: member.duesMonthlyFen ?? fen, amountPaidFen: fen, status: 'confirmed' as const, confirmedById: ctx.actor.member?.id ?? null, confirmedAt: ctx.now, note: isSelf ? '书记登记（本人确认）' : '书记登记' };
  const [record] = await ctx.db.$transaction([
    ctx.db.duesRecord.upsert({ where: { memberId_month: { memberId: member.id, month } }, create: { ...data, memberId: member.id, month }, update: data }),
    ctx.db.auditLog.create({ data: auditEntry(ctx, { action: 'dues.record', entity: 'DuesRecord', entityId: `${member.id}:${month}`, organizationId: branch.id, detail: { member: member.name, month, amountFen: fen, selfDecided: isSelf } }) }),
  ]);
  return confirmationReplies(ctx, [{ ...record, member }], '登记并确认', isSelf);
}

async function confirmRecords(ctx: CommandContext, branch: BranchRef, records: RecordWithMember[]) {
  const ids = records.map((r) => r.id);
  const isSelf = await isSelfDecision(ctx, branch, records.map((r) => r.memberId), '党费');
  await ctx.db.$transaction(async (tx) => {
    // Two officers confirming at once: the second finds nothing left to confirm.
    const done = await tx.duesRecord.updateMany({ where: { id: { in: ids }, status: 'reported' }, data: { status: 'confirmed', confirmedById: ctx.actor.member?.id ?? null, confirmedAt: ctx.now } });
    if (done.count !== ids.length) throw new CommandError('conflict', '这些党费登记刚刚已被确认。');
    await tx.auditLog.create({ data: auditEntry(ctx, { action: 'dues.confirm', entity: 'DuesRecord', entityId: ids.join(','), organizationId: branch.id, detail: { records: records.map((r) => `${r.member.name} ${r.month}`), selfDecided: isSelf } }) });
  });
  return confirmationReplies(ctx, records, '确认', isSelf);
}

/** The secretary hears what was confirmed; each member hears about their own, in private. */
async function confirmationReplies(ctx: CommandContext, records: RecordWithMember[], verb: string, isSelf: boolean): Promise<Reply[]> {
  const byMember = new Map<number, RecordWithMember[]>();
  for (const r of records) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r]);
  const lines: string[] = [];
  const notes: Reply[] = [];
  for (const own of byMember.values()) {
    const member = own[0]?.member;
    if (!member) continue;
    const total = own.reduce((sum, r) => sum + (r.amountPaidFen ?? 0), 0);
    const what = `${formatMonthsZh(own.map((r) => r.month))}党费 ${formatYuan(total)} 元`;
    lines.push(`已${verb}${member.name}${what}。`);
    const told = (await membersOn(ctx.db, [member.id], ctx.msg.platform, ctx.msg.tenant)).filter((to) => to.id !== ctx.msg.senderId);
    notes.push(...told.map((to) => ({ to, message: { title: '党费已确认', lines: [`支部已确认收到你${what}。`] } })));
  }
  if (isSelf) lines.push('本支部没有其他支委，按本人确认记录，台账中注明。');
  return [...answerPrivately(ctx, { lines }, '已记录，详情已私信。'), ...notes];
}
