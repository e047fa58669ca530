import { z } from 'zod';
import { formatDateTimeZh } from '../../domain/dates.js';
import { skipWaitingNotifications } from '../../reminders/activity-changes.js';
import { branchActivity } from '../activity-queries.js';
import { idArg } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';
import { toBranchGroups } from '../branch-groups.js';

export const activityCancelCommand = defineCommand({
  name: 'activity cancel',
  aliases: ['活动 取消', '取消活动'],
  level: 'secretary',
  branch: 'required',
  summary: '取消一次尚未开始的活动；还没发出的提醒不再发送',
  usage: '/activity cancel <活动编号>',
  examples: ['/activity cancel 12'],
  args: z.object({ words: z.array(z.string()).min(1, '请写上活动编号，例如 /activity cancel 12。用 /activity list 查看编号。').max(1, '只需要一个活动编号，例如 /activity cancel 12。') })
    .transform((a) => a.words[0] ?? '')
    .pipe(idArg('活动编号')),
  async run(ctx, activityId) {
    const branch = branchOf(ctx);
    const activity = await branchActivity(ctx.db, branch, activityId);
    if (activity.status === 'cancelled') throw new CommandError('conflict', `活动 #${activityId} 已经取消了。`);
    if (activity.startsAt <= ctx.now) throw new CommandError('closed', `活动 #${activityId} 已经开始，不能取消。`);
    await ctx.db.$transaction(async (tx) => {
      await tx.activity.update({ where: { id: activity.id }, data: { status: 'cancelled' } });
      await skipWaitingNotifications(tx, activity.id, 'the activity was cancelled');
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'activity.cancel', entity: 'Activity', entityId: activity.id, organizationId: branch.id, detail: { title: activity.title, startsAt: activity.startsAt.toISOString() } }) });
    });
    const notice = `原定 ${formatDateTimeZh(activity.startsAt, branch.zone)} 的「${activity.title}」取消。`;
    return [answer(ctx.msg, `已取消活动 #${activity.id}：${notice}`), ...(await toBranchGroups(ctx, branch.id, notice))];
  },
});
