import { z } from 'zod';
import { consecutiveUnpaidMonths } from '../../domain/dues/arrears.js';
import { firstDueMonth } from '../../domain/dues/due-months.js';
import { formatYuan } from '../../domain/dues/money.js';
import { formatMonthZh } from '../../domain/dues/months.js';
import { monthArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { loadDuesBranch } from '../dues-records.js';
import { branchOf } from '../guards.js';
import { answerPrivately } from '../replies.js';

const STATUS_ZH = { confirmed: '已确认', reported: '待确认', unpaid: '未缴' } as const;

export const duesReportCommand = defineCommand({
  name: 'dues report',
  aliases: ['党费 报表', '党费报表', '党费情况'],
  isPrivate: true,
  level: 'secretary',
  branch: 'required',
  summary: '某月党费收缴情况：已确认、待确认、未缴及连续未缴月数（私信发送）',
  usage: '/dues report [month=YYYY-MM]',
  examples: ['/dues report', '/dues report month=2026-11'],
  keys: { month: ['月份', '月'] },
  args: z.object({ named: z.object({ month: monthArg('月份').optional() }) }),
  async run(ctx, { named }) {
    const branch = branchOf(ctx);
    const dues = await loadDuesBranch(ctx.db, branch, ctx.now);
    const month = named.month ?? dues.currentMonth;
    if (month > dues.currentMonth) throw new CommandError('bad_args', `${formatMonthZh(month)}还没到。`);
    if (month < dues.trackingStart) throw new CommandError('bad_args', `本支部从${formatMonthZh(dues.trackingStart)}起在这里登记党费，更早的月份没有记录。`);

    const members = await ctx.db.member.findMany({
      where: { branchId: branch.id, leftAt: null, status: { in: ['full', 'probationary'] } },
      include: { duesRecords: { where: { month: { lte: month } } } },
      orderBy: { id: 'asc' },
    });
    const rows = members.flatMap((m) => {
      const first = firstDueMonth(m, dues.trackingStart);
      if (!first || first > month) return [];
      const record = m.duesRecords.find((r) => r.month === month);
      const paid = new Set(m.duesRecords.filter((r) => r.status !== 'unpaid').map((r) => r.month));
      return [{ member: m, record, status: record?.status ?? 'unpaid', arrears: consecutiveUnpaidMonths({ paidMonths: paid, firstDueMonth: first, throughMonth: month }) }];
    });
    if (rows.length === 0) return answerPrivately(ctx, { lines: [`「${branch.name}」${formatMonthZh(month)}没有需要缴纳党费的党员。`] }, '党费报表已私信发给你。');

    const sum = (status: string) => rows.filter((r) => r.status === status).reduce((total, r) => total + (r.record?.amountPaidFen ?? 0), 0);
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    const due = rows.reduce((total, r) => total + (r.member.duesMonthlyFen ?? 0), 0);
    const unassessed = rows.filter((r) => r.member.duesMonthlyFen === null).length;
    const unpaid = rows.filter((r) => r.status === 'unpaid').map((r) => `${r.member.name}${r.arrears > 1 ? `（连续 ${r.arrears} 个月）` : ''}${r.member.exempt ? '（免督促）' : ''}`);
    const pending = rows.filter((r) => r.status === 'reported' && r.record);
    const lines = [
      `应缴 ${rows.length} 人，合计 ${formatYuan(due)} 元${unassessed > 0 ? `（${unassessed} 人未核定金额）` : ''}`,
      `已确认 ${count('confirmed')} 人 ${formatYuan(sum('confirmed'))} 元；待确认 ${count('reported')} 人 ${formatYuan(sum('reported'))} 元；未缴 ${count('unpaid')} 人`,
      `未缴：${unpaid.length > 0 ? unpaid.join('、') : '无'}`,
    ];
    const table = {
      headers: ['姓名', '每月', '本月已缴', '状态', '连续未缴'],
      rows: rows.map((r) => [
        r.member.name,
        r.member.duesMonthlyFen === null ? '未核定' : formatYuan(r.member.duesMonthlyFen),
        r.status === 'unpaid' || !r.record || r.record.amountPaidFen === null ? '—' : formatYuan(r.record.amountPaidFen),
        STATUS_ZH[r.status],
        r.arrears > 0 ? `${r.arrears} 个月` : '—',
      ]),
    };
    const confirmAll = { label: `全部确认（${pending.length} 笔）`, action: { command: '/dues confirm', duesRecordIds: pending.map((r) => r.record?.id ?? 0).join(',') }, style: 'primary' as const };
    const title = `「${branch.name}」${formatMonthZh(month)}党费`;
    return answerPrivately(ctx, { title, lines, table, ...(pending.length > 0 ? { buttons: [confirmAll] } : {}) }, '党费报表已私信发给你。');
  },
});
