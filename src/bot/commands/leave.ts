import { z } from 'zod';
import { isUniqueViolation, type Activity } from '../../db/client.js';
import { formatDateTimeZh, inBrackets } from '../../domain/dates.js';
import { refreshActivityCards } from '../activity-card.js';
import { latestStartedActivity, nextActivity, openActivity } from '../activity-queries.js';
import { idArg } from '../args.js';
import type { BranchRef } from '../branch-ref.js';
import type { CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { ownMembership } from '../guards.js';
import { branchOfficerIds, membersOn } from '../recipients.js';
import { answer } from '../replies.js';
import { otherDeciders } from '../self-decision.js';
import type { Reply } from '../types.js';

export const leaveCommand = defineCommand({
  name: 'leave',
  bare: ['请假'],
  isBareGlued: true,
  level: 'member',
  branch: 'required',
  summary: '为当前或下一次活动请假，书记审批后私信通知你',
  usage: '请假 <理由> [activity=活动编号]',
  examples: ['请假 出差', '/leave 身体不适', '请假 外出学习 activity=12'],
  keys: { activity: ['活动'] },
  args: z.object({
    words: z.array(z.string()).transform((words) => words.join(' ').trim())
      .pipe(z.string().min(1, '请写上请假理由，例如：请假 出差').max(200, '请假理由太长了（最多 200 个字）。')),
    named: z.object({ activity: idArg('活动编号').optional() }),
  }).transform((a) => ({ reason: a.words, activityId: a.named.activity })),
  async run(ctx, { reason, activityId }) {
    const { member, branch } = ownMembership(ctx);
    const activity = await leaveActivity(ctx, branch, activityId);
    const when = `${activity.title}${inBrackets(formatDateTimeZh(activity.startsAt, branch.zone, ctx.now))}`;
    const key = { memberId_activityId: { memberId: member.id, activityId: activity.id } };
    const existing = await ctx.db.checkIn.findUnique({ where: key });
    if (existing && existing.status !== 'leave') throw new CommandError('conflict', `你已签到${when}，无需请假。`);
    if (existing?.leaveDecision === 'approved') return [answer(ctx.msg, `你${when}的请假已获批准，无需再次申请。`)];

    const data = { status: 'leave', leaveReason: reason, leaveDecision: 'pending', decidedById: null, decidedAt: null, recordedBy: ctx.actor.key } as const;
    const write = existing
      ? ctx.db.checkIn.update({ where: { id: existing.id }, data })
      : ctx.db.checkIn.create({ data: { ...data, activityId: activity.id, memberId: member.id } });
    // The same request sent twice at once: the other one wrote it.
    const request = await write.catch(async (error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return ctx.db.checkIn.findUniqueOrThrow({ where: key });
    });

    // An officer's own request goes to the other officers; with none, to themselves (marked self-decided).
    const officers = await membersOn(ctx.db, otherDeciders(await branchOfficerIds(ctx.db, branch.id), member.id), ctx.msg.platform, ctx.msg.tenant);
    const decide = (command: string) => ({ command, checkInId: String(request.id) });
    const notes: Reply[] = officers.map((to) => ({
      to,
      message: {
        title: '请假申请',
        lines: [`${member.name}申请请假：${when}`, `理由：${reason}`, `也可发送：/leave approve @${member.name}；/leave reject @${member.name} 原因`],
        buttons: [
          { label: '批准', action: decide('/leave approve'), style: 'primary' },
          { label: '不批准', action: decide('/leave reject'), style: 'danger' },
        ],
      },
    }));
    const updated = existing ? '（已更新理由）' : '';
    const noOfficer = officers.length === 0 ? '\n提示：本支部还没有书记或组织委员在这里登记，审批可能延误，请联系管理员。' : '';
    // The reason stays out of the group: only the member and the officers see it.
    return [
      answer(ctx.msg, `${member.name}的请假申请已提交${updated}：${when}。等待书记审批，结果会私信告诉你。${noOfficer}`),
      ...notes,
      ...(await refreshActivityCards(ctx.db, activity, branch.zone, ctx.now)),
    ];
  },
});

/**
 * The activity a leave request is for: the one named, else the one open now, else the next.
 * An activity has ended for leave once its check-in window closed (the end of its day):
 * leave is asked before or during an activity, never after it.
 */
async function leaveActivity(ctx: CommandContext, branch: BranchRef, activityId: number | undefined): Promise<Activity> {
  const ended = (a: Activity, prefix = '') =>
    new CommandError('closed', `${prefix}「${a.title}」${inBrackets(formatDateTimeZh(a.startsAt, branch.zone, ctx.now))}已经结束，不能再请假。如需说明缺席原因，请联系支部书记。`);
  if (activityId !== undefined) {
    const named = await ctx.db.activity.findFirst({ where: { id: activityId, branchId: branch.id, status: 'scheduled' } });
    if (!named) throw new CommandError('not_found', `「${branch.name}」没有编号为 ${activityId} 的活动。用 /activity list 查看编号。`);
    if (named.checkInClosesAt < ctx.now) throw ended(named);
    return named;
  }
  const activity = (await openActivity(ctx.db, branch.id, ctx.now)) ?? (await nextActivity(ctx.db, branch.id, ctx.now));
  if (activity) return activity;
  const last = await latestStartedActivity(ctx.db, branch.id, ctx.now);
  throw last ? ended(last, '近期没有安排活动。上次活动') : new CommandError('closed', '近期没有安排活动，无需请假。');
}
