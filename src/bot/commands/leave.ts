import { z } from 'zod';
import { isUniqueViolation } from '../../db/client.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import { refreshActivityCards } from '../activity-card.js';
import { nextActivity, openActivity } from '../activity-queries.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { ownMembership } from '../guards.js';
import { branchOfficerIds, membersOn } from '../recipients.js';
import { answer } from '../replies.js';
import type { Reply } from '../types.js';

export const leaveCommand = defineCommand({
  name: 'leave',
  bare: ['请假'],
  isBareGlued: true,
  level: 'member',
  branch: 'required',
  summary: '为当前或下一次活动请假，书记审批后私信通知你',
  usage: '请假 <理由>',
  examples: ['请假 出差', '/leave 身体不适'],
  args: z.object({ rest: z.string() }).transform(({ rest }) => rest.trim())
    .pipe(z.string().min(1, '请写上请假理由，例如：请假 出差').max(200, '请假理由太长了（最多 200 个字）。')),
  async run(ctx, reason) {
    const { member, branch } = ownMembership(ctx);
    const activity = (await openActivity(ctx.db, branch.id, ctx.now)) ?? (await nextActivity(ctx.db, branch.id, ctx.now));
    if (!activity) throw new CommandError('closed', '近期没有安排活动，无需请假。');
    const when = `${activity.title}（${formatDateTimeZh(activity.startsAt, branch.zone)}）`;
    const existing = await ctx.db.checkIn.findUnique({ where: { memberId_activityId: { memberId: member.id, activityId: activity.id } } });
    if (existing && existing.status !== 'leave') throw new CommandError('conflict', `你已签到${when}，无需请假。`);
    if (existing?.leaveDecision === 'approved') return [answer(ctx.msg, `你${when}的请假已获批准，无需再次申请。`)];

    const data = { status: 'leave', leaveReason: reason, leaveDecision: 'pending', decidedById: null, decidedAt: null, recordedBy: ctx.actor.key } as const;
    try {
      if (existing) await ctx.db.checkIn.update({ where: { id: existing.id }, data });
      else await ctx.db.checkIn.create({ data: { ...data, activityId: activity.id, memberId: member.id } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }

    const officers = await membersOn(ctx.db, await branchOfficerIds(ctx.db, branch.id), ctx.msg.platform, ctx.msg.tenant);
    const notes: Reply[] = officers.map((to) => ({
      to,
      message: {
        title: '请假申请',
        lines: [`${member.name}申请请假：${when}`, `理由：${reason}`, `批准：/leave approve @${member.name}；不批准：/leave reject @${member.name} 原因`],
      },
    }));
    const updated = existing ? '（已更新理由）' : '';
    const noOfficer = officers.length === 0 ? '\n提示：本支部还没有书记或组织委员在这里登记，审批可能延误，请联系管理员。' : '';
    // The reason stays out of the group: only the member and the officers see it.
    return [
      answer(ctx.msg, `${member.name}的请假申请已提交${updated}：${when}。等待书记审批，结果会私信告诉你。${noOfficer}`),
      ...notes,
      ...(await refreshActivityCards(ctx.db, activity, branch.zone)),
    ];
  },
});
