import { z } from 'zod';
import type { DuesRecord, Member } from '../../db/client.js';
import { duesRemindersZh } from '../../domain/calendar/moving-rules.js';
import { firstDueMonth } from '../../domain/dues/due-months.js';
import { formatYuan, parseYuan } from '../../domain/dues/money.js';
import { formatMonthsZh, parseMonth, type YearMonth } from '../../domain/dues/months.js';
import { planPayment } from '../../domain/dues/payment-plan.js';
import { countArg, monthSpanArg } from '../args.js';
import type { CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { loadDuesBranch, memberDuesMonths } from '../dues-records.js';
import { ownMembership } from '../guards.js';
import { branchOfficerIds, membersOn } from '../recipients.js';
import { answerPrivately } from '../replies.js';
import type { Reply } from '../types.js';
import { quoteInput } from '../quote-input.js';

const USAGE = '已缴 [金额] [month=YYYY-MM 或 YYYY-MM~YYYY-MM] [months=月数]';

export const paidCommand = defineCommand({
  name: 'paid',
  aliases: ['缴费', '缴纳党费'],
  bare: ['已缴'],
  isBareGlued: true,
  isPrivate: true,
  level: 'member',
  branch: 'required',
  summary: '登记已缴党费，书记确认后入账；不写金额即按核定金额（私信回复）',
  usage: USAGE,
  examples: ['已缴 75', '已缴', '/paid 75 month=2026-11', '/paid 225 months=3', '/paid 150 month=2026-10~2026-11'],
  notes: [duesRemindersZh()],
  keys: { month: ['月份', '月'], months: ['月数'] },
  args: z.object({
    // "已缴党费75", "已缴 党费 75元": the word 党费 is decoration.
    words: z.array(z.string()).transform((words) => words.map((w) => w.replace(/^党费/u, '')).filter(Boolean)),
    named: z.object({ month: monthSpanArg.optional(), months: countArg('月数').optional() }),
  }),
  async run(ctx, { words, named }) {
    const { member, branch } = ownMembership(ctx);
    const amountText = words[0];
    const amountFen = amountText === undefined ? undefined : parseYuan(amountText);
    // Said in passing ("已缴费了吗"), a line that is not a payment gets no answer.
    if (ctx.isChatter && (words.length > 1 || (amountText !== undefined && amountFen === undefined))) return [];
    if (words.length > 1) throw new CommandError('bad_args', `多余的内容「${words.slice(1).join(' ')}」。\n用法：${USAGE}`);
    if (amountText !== undefined && amountFen === undefined) throw new CommandError('bad_args', `金额${quoteInput(amountText)}看不懂，请写成元，最多两位小数，例如：已缴 75。`);
    const cardFor = Number(ctx.msg.action?.memberId);
    if (Number.isInteger(cardFor) && cardFor > 0 && cardFor !== member.id) throw new CommandError('not_allowed', '这张党费卡片是发给别人的，不能替别人登记。');

    const dues = await loadDuesBranch(ctx.db, branch, ctx.now);
    const { records, paid, confirmed } = await memberDuesMonths(ctx.db, member.id);
    // The dues reminder's button names its month.
    const buttonMonth = parseMonth(ctx.msg.action?.month ?? '');
    const plan = planPayment(
      { amountFen, firstMonth: named.month?.first ?? buttonMonth, lastMonth: named.month?.last, count: named.months },
      { currentMonth: dues.currentMonth, firstDueMonth: firstDueMonth(member, dues.trackingStart), paidMonths: paid, confirmedMonths: confirmed, monthlyFen: member.duesMonthlyFen },
    );
    if (!plan.ok) throw new CommandError('bad_args', plan.reason);

    const byMonth = new Map(records.map((r) => [r.month, r]));
    const months = plan.parts.map((p) => p.month);
    const total = plan.parts.reduce((sum, p) => sum + p.fen, 0);
    const what = `${formatMonthsZh(months)}党费 ${formatYuan(total)} 元${months.length > 1 ? `（${months.length} 个月）` : ''}`;
    const isRepeat = plan.parts.every((p) => byMonth.get(p.month)?.status === 'reported' && byMonth.get(p.month)?.amountPaidFen === p.fen);
    const officerIds = await branchOfficerIds(ctx.db, branch.id);
    const confirmer = whoConfirms(member, officerIds);
    if (isRepeat) return answerPrivately(ctx, { lines: [`你已登记${what}，${confirmer.waiting}，无需重复。`] }, '已记录，详情已私信。');

    const note = differenceNote(member, plan.parts);
    const written = await ctx.db.$transaction(plan.parts.map((p) => {
      const data = { amountDueFen: member.duesMonthlyFen ?? p.fen, amountPaidFen: p.fen, status: 'reported' as const, reportedAt: ctx.now, note };
      return ctx.db.duesRecord.upsert({ where: { memberId_month: { memberId: member.id, month: p.month } }, create: { ...data, memberId: member.id, month: p.month }, update: data });
    }));
    const isCorrection = plan.parts.some((p) => byMonth.get(p.month)?.status === 'reported');
    const lines = [`已登记${what}${isCorrection ? '（已更新此前的登记）' : ''}，${confirmer.waiting}。`];
    if (note) lines.push(`${note}，${confirmer.check}。`);
    return [...answerPrivately(ctx, { title: '党费登记', lines }, '已记录，详情已私信。'), ...(await officerNotice(ctx, member, officerIds, what, note, written))];
  },
});

/** Why the secretary should look twice: an amount other than the fixed one, or none fixed. */
function differenceNote(member: Member, parts: { month: YearMonth; fen: number }[]): string | null {
  if (member.duesMonthlyFen === null) return '尚未核定每月党费金额';
  const differs = parts.some((p) => p.fen !== member.duesMonthlyFen);
  return differs ? `与核定的每月 ${formatYuan(member.duesMonthlyFen)} 元不同` : null;
}

/** Who confirms the report, as the reporter is told it: an officer's own report goes to the other officers, or to themselves. */
function whoConfirms(member: Member, officerIds: readonly number[]): { waiting: string; check: string } {
  if (!officerIds.includes(member.id)) return { waiting: '等待书记确认', check: '已提醒书记核对' };
  if (officerIds.some((id) => id !== member.id)) return { waiting: '等待其他支委确认', check: '已提醒其他支委核对' };
  return { waiting: `你是本支部唯一的支委，核对后可自行确认：/dues confirm @${member.name}`, check: '请核对后再确认' };
}

/** The other branch officers' private card: confirm with one press. */
async function officerNotice(ctx: CommandContext, member: Member, officerIds: readonly number[], what: string, note: string | null, records: DuesRecord[]): Promise<Reply[]> {
  const officers = await membersOn(ctx.db, officerIds.filter((id) => id !== member.id), ctx.msg.platform, ctx.msg.tenant);
  const lines = [`${member.name}登记已缴${what}。`, ...(note ? [`注意：${note}。`] : []), `也可发送：/dues confirm @${member.name}`];
  const confirm = { command: '/dues confirm', duesRecordIds: records.map((r) => r.id).join(',') };
  return officers.map((to) => ({ to, message: { title: '党费待确认', lines, buttons: [{ label: '确认收到', action: confirm, style: 'primary' as const }] } }));
}
