import { DateTime } from 'luxon';
import { z } from 'zod';
import { isUniqueViolation, type Activity } from '../../db/client.js';
import { checkInTiming } from '../../domain/check-in-window.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import { refreshActivityCards } from '../activity-card.js';
import { nextActivity, openActivity } from '../activity-queries.js';
import type { CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { ownMembership } from '../guards.js';
import { answer } from '../replies.js';

export const checkinCommand = defineCommand({
  name: 'checkin',
  bare: ['签到', '到'],
  level: 'member',
  branch: 'required',
  summary: '签到当前活动（开始前 30 分钟起至当天结束；开始 15 分钟后记为迟到）',
  usage: '签到',
  examples: ['签到', '到'],
  args: z.object({}),
  async run(ctx) {
    const { member, branch } = ownMembership(ctx);
    const activity = await targetActivity(ctx, branch.id);
    const hhmm = (d: Date) => DateTime.fromJSDate(d, { zone: branch.zone }).toFormat('HH:mm');
    const key = { memberId_activityId: { memberId: member.id, activityId: activity.id } };
    const alreadyDone = (at: Date | null | undefined) => [answer(ctx.msg, `${member.name}已签到${at ? `（${hhmm(at)}）` : ''}，无需重复。`)];
    const existing = await ctx.db.checkIn.findUnique({ where: key });
    if (existing && existing.status !== 'leave') return alreadyDone(existing.checkedInAt);
    const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, ctx.now);
    const status = timing === 'late' ? 'late' : 'present';
    const data = { status, via: ctx.msg.action?.via === 'link' ? 'link' : ctx.msg.action ? 'card' : 'text', checkedInAt: ctx.now, recordedBy: ctx.actor.key } as const;
    try {
      // A member who asked for leave and came after all is recorded as attending.
      if (existing) await ctx.db.checkIn.update({ where: { id: existing.id }, data });
      else await ctx.db.checkIn.create({ data: { ...data, activityId: activity.id, memberId: member.id } });
    } catch (error) {
      // The same member checking in twice at once: the other request recorded it.
      if (isUniqueViolation(error)) return alreadyDone((await ctx.db.checkIn.findUnique({ where: key }))?.checkedInAt);
      throw error;
    }
    const lateNote = status === 'late' ? `（迟到，活动 ${hhmm(activity.startsAt)} 开始）` : '';
    return [answer(ctx.msg, `${member.name}签到成功${lateNote}：${activity.title}。`, 'success'), ...(await refreshActivityCards(ctx.db, activity, branch.zone))];
  },
});

/** The activity to check in to: the one a card button names, else the one open now. */
async function targetActivity(ctx: CommandContext, branchId: number): Promise<Activity> {
  const named = Number(ctx.msg.action?.activityId);
  const activity = Number.isInteger(named) && named > 0
    ? await ctx.db.activity.findFirst({ where: { id: named, branchId, status: 'scheduled' } })
    : await openActivity(ctx.db, branchId, ctx.now);
  if (activity) {
    const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, ctx.now);
    if (timing !== 'not_open' && timing !== 'closed') return activity;
    if (timing === 'closed') throw new CommandError('closed', `「${activity.title}」的签到已经结束。如需补签，请联系支部书记。`);
  }
  const zone = ctx.branch?.zone ?? ctx.defaultZone;
  const next = activity ?? (await nextActivity(ctx.db, branchId, ctx.now));
  if (!next) throw new CommandError('closed', '现在没有可以签到的活动，近期也还没有安排。');
  const opens = DateTime.fromJSDate(next.checkInOpensAt, { zone }).toFormat('HH:mm');
  throw new CommandError('closed', `现在没有可以签到的活动。下一次：${formatDateTimeZh(next.startsAt, zone)} ${next.title}，${opens} 开放签到。`);
}
