import { z } from 'zod';
import { buildActivityCard } from '../activity-card.js';
import { nextActivity, openActivity } from '../activity-queries.js';
import { idArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { chatOf } from '../replies.js';

export const activityCardCommand = defineCommand({
  name: 'activity card',
  aliases: ['签到卡', '活动 签到卡'],
  level: 'secretary',
  branch: 'required',
  summary: '在本群发一张签到卡片（带签到按钮，人数随签到实时更新）；不写编号即当前或下一次活动',
  usage: '/activity card [活动编号]',
  examples: ['/activity card', '/签到卡 12'],
  args: z.object({ words: z.array(z.string()).max(1, '只需要一个活动编号，例如 /activity card 12。') })
    .transform((a) => a.words[0])
    .pipe(idArg('活动编号').optional()),
  async run(ctx, activityId) {
    const branch = branchOf(ctx);
    if (ctx.msg.chatType !== 'group') throw new CommandError('bad_args', '签到卡片要发在支部群里：请在群里使用 /activity card。');
    const activity = activityId === undefined
      ? ((await openActivity(ctx.db, branch.id, ctx.now)) ?? (await nextActivity(ctx.db, branch.id, ctx.now)))
      : await ctx.db.activity.findFirst({ where: { id: activityId, branchId: branch.id, status: 'scheduled' } });
    if (!activity) throw new CommandError('not_found', activityId === undefined ? '现在没有进行中或即将开始的活动。' : `「${branch.name}」没有编号为 ${activityId} 的活动。`);
    return [{ to: chatOf(ctx.msg), message: await buildActivityCard(ctx.db, activity, branch.zone, ctx.now) }];
  },
});
