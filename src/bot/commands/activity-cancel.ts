import { z } from 'zod';
import { formatDateTimeZh, inBrackets } from '../../domain/dates.js';
import { skipWaitingNotifications } from '../../reminders/activity-changes.js';
import { branchActivity } from '../activity-queries.js';
import { idArg } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { askToConfirm, CONFIRM_KEY, isConfirmed } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';
import { toBranchGroups } from '../branch-groups.js';

export const activityCancelCommand = defineCommand({
  name: 'activity cancel',
  aliases: ['活动 取消', '取消活动'],
  level: 'secretary',
  branch: 'required',
  summary: '取消一次尚未开始的活动；已有人签到或请假时先预览、确认后执行；还没发出的提醒不再发送',
  usage: '/activity cancel <活动编号> [confirm=yes]',
  examples: ['/activity cancel 12'],
  keys: CONFIRM_KEY,
  args: z.object({
    words: z.array(z.string()).min(1, '请写上活动编号，例如 /activity cancel 12。用 /activity list 查看编号。').max(1, '只需要一个活动编号，例如 /activity cancel 12。'),
    named: z.object({ confirm: z.string().optional() }),
  }).transform((a) => ({ id: a.words[0] ?? '', isConfirmed: isConfirmed(a.named) }))
    .pipe(z.object({ id: idArg('活动编号'), isConfirmed: z.boolean() })),
  async run(ctx, { id: activityId, isConfirmed: confirmed }) {
    const branch = branchOf(ctx);
    const activity = await branchActivity(ctx.db, branch, activityId);
    if (activity.status === 'cancelled') throw new CommandError('conflict', `活动 #${activityId} 已经取消了。`);
    if (activity.startsAt <= ctx.now) throw new CommandError('closed', `活动 #${activityId} 已经开始，不能取消。`);
    if (!confirmed) {
      // Cancelling an activity people have already answered is confirmed first; an empty one goes at once.
      const [checkedIn, onLeave] = await Promise.all([
        ctx.db.checkIn.count({ where: { activityId: activity.id, status: { in: ['present', 'late'] } } }),
        ctx.db.checkIn.count({ where: { activityId: activity.id, status: 'leave' } }),
      ]);
      if (checkedIn + onLeave > 0) {
        return askToConfirm(ctx, {
          title: `取消活动 #${activity.id}`,
          lines: [
            `「${activity.title}」${inBrackets(formatDateTimeZh(activity.startsAt, branch.zone, ctx.now))}已有 ${checkedIn} 人签到、${onLeave} 人请假。`,
            '取消后：这些签到和请假记录保留但不再计入考勤，还没发出的提醒不再发送，本支部的群会收到取消通知。',
          ],
        });
      }
    }
    await ctx.db.$transaction(async (tx) => {
      await tx.activity.update({ where: { id: activity.id }, data: { status: 'cancelled' } });
      await skipWaitingNotifications(tx, activity.id, 'the activity was cancelled');
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'activity.cancel', entity: 'Activity', entityId: activity.id, organizationId: branch.id, detail: { title: activity.title, startsAt: activity.startsAt.toISOString() } }) });
    });
    const what = `原定${formatDateTimeZh(activity.startsAt, branch.zone, ctx.now)}的「${activity.title}」`;
    return [answer(ctx.msg, `已取消${what}（活动 #${activity.id}）。`), ...(await toBranchGroups(ctx, branch.id, `${what}取消。`))];
  },
});
