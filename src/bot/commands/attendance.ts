import { z } from 'zod';
import { loadActivityAttendance } from '../../attendance/load-attendance.js';
import { formatTurnout, type AttendancePerson } from '../../domain/attendance.js';
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
  readsBranchBelow: true,
  branch: 'required',
  summary: '一次活动的出席、迟到、请假和缺席（私信发送）；不写编号即最近一次',
  usage: '/attendance [活动编号] [branch=下辖支部]',
  examples: ['/attendance', '/attendance 12', '/attendance branch=第二党支部'],
  args: z.object({ words: z.array(z.string()).max(1, '只需要一个活动编号，例如 /attendance 12。') })
    .transform((a) => a.words[0])
    .pipe(idArg('活动编号').optional()),
  async run(ctx, activityId) {
    const branch = branchOf(ctx);
    const activity = activityId === undefined ? await latestStartedActivity(ctx.db, branch.id, ctx.now) : await branchActivity(ctx.db, branch, activityId);
    if (!activity) throw new CommandError('not_found', '还没有已开始签到的活动。');
    const a = await loadActivityAttendance(ctx.db, activity, ctx.now, branch.zone);
    const names = (people: AttendancePerson[]) => (people.length > 0 ? people.map((p) => p.name).join('、') : '无');
    const lines = [
      `${formatDateTimeZh(activity.startsAt, branch.zone, ctx.now)}${activity.status === 'cancelled' ? '（已取消）' : ''}${a.isOpen ? '（签到进行中）' : ''}`,
      formatTurnout(a),
      `出席：${names(a.present)}`,
      `迟到：${names(a.late)}`,
      `请假（已批准）：${names(a.excused)}`,
      ...(a.leavePending.length > 0 ? [`请假（待审批）：${names(a.leavePending)}`] : []),
      a.isOpen ? `尚未签到：${names(a.notYet)}` : `缺席：${names(a.absent)}`,
      ...(a.exemptAbsent.length > 0 ? [`免于督促（未到，不计应到）：${names(a.exemptAbsent)}`] : []),
    ];
    return answerPrivately(ctx, { title: `考勤 #${activity.id} ${activity.title}`, lines }, '考勤已私信发给你。');
  },
});
