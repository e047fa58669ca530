import { z } from 'zod';
import { branchActivity } from '../activity-queries.js';
import { idArg, textArg } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';
import { THEME_MAX_CHARS } from './activity-new.js';

const USAGE = '/activity theme <活动编号> <主题>';

/**
 * Sets the theme of an activity already arranged: the party days the rule creates by itself
 * get theirs this way. Notices not yet sent and the card show it from then on.
 */
export const activityThemeCommand = defineCommand({
  name: 'activity theme',
  aliases: ['活动 主题', '活动主题'],
  level: 'secretary',
  branch: 'required',
  summary: '为一次尚未结束的活动设定主题（主题党日的主题）；提醒、签到卡片和会议记录都会显示',
  usage: USAGE,
  examples: ['/activity theme 12 学习党的二十届四中全会精神'],
  args: z.object({
    words: z.array(z.string()).min(1, `请写上活动编号和主题，例如 /activity theme 12 学习党章。`),
  }).transform((a, ctx) => {
    const id = idArg('活动编号').safeParse(a.words[0]);
    const theme = textArg('主题', THEME_MAX_CHARS).safeParse(a.words.slice(1).join(' '));
    for (const issue of [...(id.error?.issues ?? []), ...(theme.error?.issues ?? [])]) ctx.addIssue({ code: 'custom', message: issue.message });
    return id.success && theme.success ? { activityId: id.data, theme: theme.data } : z.NEVER;
  }),
  async run(ctx, { activityId, theme }) {
    const branch = branchOf(ctx);
    const activity = await branchActivity(ctx.db, branch, activityId);
    if (activity.status === 'cancelled') throw new CommandError('conflict', `活动 #${activityId} 已经取消，不能设定主题。`);
    if (activity.checkInClosesAt <= ctx.now) throw new CommandError('closed', `活动 #${activityId} 已经结束，主题不再改动；议题请写在会议记录里：/record ${activityId} topic=议题`);
    if (activity.theme === theme) return [answer(ctx.msg, `活动 #${activityId} 的主题本来就是这个，没有改动。`)];
    await ctx.db.$transaction(async (tx) => {
      await tx.activity.update({ where: { id: activity.id }, data: { theme } });
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'activity.theme', entity: 'Activity', entityId: activity.id, organizationId: branch.id, detail: { from: activity.theme, to: theme } }) });
    });
    return [answer(ctx.msg, { lines: [`已设定活动 #${activityId}「${activity.title}」的主题：${theme}`, '提醒和签到卡片会显示这个主题；会议记录未填写议题时以它为议题。'] })];
  },
});
