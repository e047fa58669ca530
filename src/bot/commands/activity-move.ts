import { z } from 'zod';
import { formatDateTimeZh, instantOf } from '../../domain/dates.js';
import { moveActivity } from '../../reminders/activity-changes.js';
import { branchActivity } from '../activity-queries.js';
import { idArg, whenArg } from '../args.js';
import { auditEntry } from '../audit.js';
import { toBranchGroups } from '../branch-groups.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';

const USAGE = '/activity move <活动编号> at=<YYYY-MM-DD> <HH:mm>';

export const activityMoveCommand = defineCommand({
  name: 'activity move',
  aliases: ['活动 改期', '活动改期'],
  level: 'secretary',
  branch: 'required',
  summary: '把一次尚未开始的活动改到另一个时间；提醒按新时间发送',
  usage: USAGE,
  examples: ['/activity move 12 at=2026-12-11 15:00'],
  keys: { at: ['时间', '日期'] },
  args: z.object({
    words: z.array(z.string()).min(1, `请写上活动编号和新时间，例如 /activity move 12 at=2026-12-11 15:00。`).max(2, '多余的内容。'),
    named: z.object({ at: z.string().optional() }),
  }).transform((a, ctx) => {
    const id = idArg('活动编号').safeParse(a.words[0]);
    const when = whenArg.safeParse({ at: a.named.at, time: a.words[1] });
    for (const issue of [...(id.error?.issues ?? []), ...(when.error?.issues ?? [])]) ctx.addIssue({ code: 'custom', message: issue.message });
    return id.success && when.success ? { activityId: id.data, ...when.data } : z.NEVER;
  }),
  async run(ctx, { activityId, date, clock }) {
    const branch = branchOf(ctx);
    const activity = await branchActivity(ctx.db, branch, activityId);
    const startsAt = instantOf(date, clock, branch.zone);
    if (activity.status === 'cancelled') throw new CommandError('conflict', `活动 #${activityId} 已经取消，不能改期。`);
    if (activity.startsAt <= ctx.now) throw new CommandError('closed', `活动 #${activityId} 已经开始，不能改期。`);
    if (startsAt <= ctx.now) throw new CommandError('bad_args', `新时间${formatDateTimeZh(startsAt, branch.zone, ctx.now)}已经过去，请换一个以后的时间。`);
    if (startsAt.getTime() === activity.startsAt.getTime()) return [answer(ctx.msg, `活动 #${activityId} 本来就在这个时间，没有改动。`)];
    await ctx.db.$transaction(async (tx) => {
      await moveActivity(tx, activity, startsAt, branch.zone);
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'activity.move', entity: 'Activity', entityId: activity.id, organizationId: branch.id, detail: { from: activity.startsAt.toISOString(), to: startsAt.toISOString() } }) });
    });
    const notice = `「${activity.title}」由${formatDateTimeZh(activity.startsAt, branch.zone, ctx.now)}改到${formatDateTimeZh(startsAt, branch.zone, ctx.now)}。`;
    return [answer(ctx.msg, `活动 #${activity.id} 已改期：${notice}`), ...(await toBranchGroups(ctx, branch.id, notice))];
  },
});
