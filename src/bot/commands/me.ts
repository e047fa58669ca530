import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Member } from '../../db/client.js';
import { countOwnAttendance, memberAttendanceStates } from '../../domain/attendance.js';
import { formatDateZh, localDate } from '../../domain/dates.js';
import { firstDueMonth, unpaidMonths } from '../../domain/dues/due-months.js';
import { formatYuan } from '../../domain/dues/money.js';
import { formatMonthsZh, monthRange } from '../../domain/dues/months.js';
import { MEMBER_STATUS_ZH } from '../../domain/member-status.js';
import { partyStanding } from '../../domain/party-standing.js';
import type { BranchRef } from '../branch-ref.js';
import type { CommandContext } from '../command.js';
import { defineCommand } from '../define-command.js';
import { loadDuesBranch, memberDuesMonths } from '../dues-records.js';
import { ownMembership } from '../guards.js';
import { answerPrivately } from '../replies.js';

export const meCommand = defineCommand({
  name: 'me',
  aliases: ['我的', '我的记录'],
  level: 'member',
  branch: 'required',
  summary: '我今年的出勤、党费、政治生日和党龄（私信发送）',
  usage: '/me',
  examples: ['/me', '/我的'],
  args: z.object({}),
  async run(ctx) {
    const { member, branch } = ownMembership(ctx);
    const today = localDate(ctx.now, branch.zone);
    const lines = [
      `${MEMBER_STATUS_ZH[member.status]}，${branch.name}${member.exempt ? '（已列为免于督促，不会收到催办提醒）' : ''}`,
      ...standingLines(member, today),
      await attendanceLine(ctx, member, branch),
      ...(await duesLines(ctx, member, branch)),
    ];
    return answerPrivately(ctx, { title: `${member.name}的记录`, lines }, '你的记录已私信发给你。');
  },
});

function standingLines(member: Member, today: string): string[] {
  const birthday = member.joinedAt ? `政治生日：${Number(member.joinedAt.slice(5, 7))}月${Number(member.joinedAt.slice(8, 10))}日（${formatDateZh(member.joinedAt)}入党）` : '政治生日：入党日期未登记，请联系支部书记。';
  const standing = partyStanding(member, today);
  if (standing.kind === 'probationary') {
    return [birthday, standing.probationEnds ? `预备期至${formatDateZh(standing.probationEnds)}，转正后开始计算党龄。` : '预备期：起始日期未登记。'];
  }
  if (standing.kind === 'full' && standing.since && standing.years !== undefined) {
    const basis = standing.isEstimated ? '转正日期未登记，按入党满一年推算' : `自${formatDateZh(standing.since)}转正起算`;
    return [birthday, `党龄：${standing.years} 年（${basis}）`];
  }
  return standing.kind === 'full' ? [birthday, '党龄：入党和转正日期未登记。'] : [];
}

/** This year's activities of the branch that have opened, as the attendance model sees this member at each. */
async function attendanceLine(ctx: CommandContext, member: Member, branch: BranchRef): Promise<string> {
  const year = DateTime.fromJSDate(ctx.now, { zone: branch.zone }).startOf('year');
  const activities = await ctx.db.activity.findMany({
    where: { branchId: branch.id, status: 'scheduled', checkInOpensAt: { lte: ctx.now }, startsAt: { gte: year.toJSDate(), lt: year.plus({ years: 1 }).toJSDate() } },
    select: { id: true, startsAt: true, checkInClosesAt: true, checkIns: { where: { memberId: member.id }, select: { memberId: true, status: true, leaveDecision: true } } },
  });
  const marks = new Map(activities.map((a) => [a.id, a.checkIns[0]]));
  const counts = countOwnAttendance(memberAttendanceStates(member, activities, (id) => marks.get(id), ctx.now, branch.zone));
  const pending = counts.leave_pending > 0 ? `，请假待审批 ${counts.leave_pending} 次` : '';
  const open = counts.not_yet > 0 ? `，进行中未签到 ${counts.not_yet} 次` : '';
  const exempt = counts.exempt_absent > 0 ? `，免于督促未到 ${counts.exempt_absent} 次` : '';
  return `${year.year}年活动：出席 ${counts.present} 次，迟到 ${counts.late} 次，请假 ${counts.excused} 次，缺席 ${counts.absent} 次${pending}${open}${exempt}`;
}

async function duesLines(ctx: CommandContext, member: Member, branch: BranchRef): Promise<string[]> {
  const dues = await loadDuesBranch(ctx.db, branch, ctx.now);
  const first = firstDueMonth(member, dues.trackingStart);
  if (!first) return ['党费：入党后开始缴纳。'];
  const fixed = member.duesMonthlyFen;
  const { records, paid } = await memberDuesMonths(ctx.db, member.id);
  const year = dues.currentMonth.slice(0, 4);
  const yearStart = `${year}-01` > first ? `${year}-01` : first;
  const dueThisYear = monthRange(yearStart, dues.currentMonth).length;
  const paidThisYear = records.filter((r) => r.month.startsWith(year) && r.status !== 'unpaid');
  const pending = paidThisYear.filter((r) => r.status === 'reported').length;
  const paidFen = paidThisYear.reduce((sum, r) => sum + (r.amountPaidFen ?? 0), 0);
  const unpaid = unpaidMonths({ paidMonths: paid, firstDueMonth: first, throughMonth: dues.currentMonth });
  return [
    fixed === null ? '党费：每月金额尚未核定，请联系支部书记。' : `党费：每月 ${formatYuan(fixed)} 元${member.duesYear ? `（${member.duesYear}年核定）` : ''}`,
    `${year}年应缴 ${dueThisYear} 个月${fixed === null ? '' : ` ${formatYuan(fixed * dueThisYear)} 元`}，已缴 ${paidThisYear.length} 个月 ${formatYuan(paidFen)} 元${pending > 0 ? `（其中 ${pending} 个月待书记确认）` : ''}`,
    `未缴：${unpaid.length === 0 ? '无' : `${formatMonthsZh(unpaid)}${unpaid.length > 1 ? `，共 ${unpaid.length} 个月` : ''}`}`,
  ];
}
