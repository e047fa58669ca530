import { z } from 'zod';
import { formatRate, summarizeAttendance, type RosterEntry } from '../../domain/attendance.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import { branchActivity, latestStartedActivity } from '../activity-queries.js';
import { idArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answerPrivately } from '../replies.js';

export const attendanceCommand = defineCommand({
  name: 'attendance',
  aliases: ['考勤'],
  level: 'secretary',
  branch: 'required',
  summary: '一次活动的出席、迟到、请假和缺席（私信发送）；不写编号即最近一次',
  usage: '/attendance [活动编号]',
  examples: ['/attendance', '/attendance 12'],
  args: z.object({ words: z.array(z.string()).max(1, '只需要一个活动编号，例如 /attendance 12。') })
    .transform((a) => a.words[0])
    .pipe(idArg('活动编号').optional()),
  async run(ctx, activityId) {
    const branch = branchOf(ctx);
    const activity = activityId === undefined ? await latestStartedActivity(ctx.db, branch.id, ctx.now) : await branchActivity(ctx.db, branch, activityId);
    if (!activity) throw new CommandError('not_found', '还没有已开始签到的活动。');
    const [roster, marks] = await Promise.all([
      // Who was expected: members on the roster when the activity took place.
      ctx.db.member.findMany({
        where: { branchId: branch.id, createdAt: { lte: activity.checkInClosesAt }, OR: [{ leftAt: null }, { leftAt: { gt: activity.startsAt } }] },
        select: { id: true, name: true, exempt: true },
        orderBy: { id: 'asc' },
      }),
      ctx.db.checkIn.findMany({ where: { activityId: activity.id }, select: { memberId: true, status: true, leaveDecision: true } }),
    ]);
    const summary = summarizeAttendance(roster.map((m) => ({ id: m.id, name: m.name, isExempt: m.exempt })), marks);
    const isOver = ctx.now > activity.checkInClosesAt;
    const names = (people: RosterEntry[]) => (people.length > 0 ? people.map((p) => p.name).join('、') : '无');
    const attended = summary.present.length + summary.late.length;
    const lines = [
      `${formatDateTimeZh(activity.startsAt, branch.zone)}${activity.status === 'cancelled' ? '（已取消）' : ''}${isOver ? '' : '（签到进行中）'}`,
      `应到 ${summary.expected} 人，实到 ${attended} 人，出席率 ${formatRate(summary.rate)}`,
      `出席：${names(summary.present)}`,
      `迟到：${names(summary.late)}`,
      `请假（已批准）：${names(summary.excused)}`,
      ...(summary.leavePending.length > 0 ? [`请假（待审批）：${names(summary.leavePending)}`] : []),
      `${isOver ? '缺席' : '尚未签到'}：${names(summary.absent)}`,
      ...(summary.absentExempt.length > 0 ? [`免于督促（未到，不计应到）：${names(summary.absentExempt)}`] : []),
    ];
    return answerPrivately(ctx, { title: `考勤 #${activity.id} ${activity.title}`, lines }, '考勤已私信发给你。');
  },
});
