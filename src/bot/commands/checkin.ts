import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Activity, CheckInVia, Member } from '../../db/client.js';
import { checkInTiming } from '../../domain/check-in-window.js';
import { readActivity } from '../../db/read-activity.js';
import { formatDateTimeZh, inBrackets } from '../../domain/dates.js';
import { refreshActivityCards } from '../activity-card.js';
import { meetsLevel } from '../actor.js';
import { nextActivity, openActivity } from '../activity-queries.js';
import { idArg, mentionSchema } from '../args.js';
import { auditEntry } from '../audit.js';
import type { BranchRef } from '../branch-ref.js';
import { recordCheckIn, type CheckInOutcome } from '../check-in-record.js';
import type { CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf, ownMembership } from '../guards.js';
import { findBranchMember, personNamed, type PersonRef } from '../people.js';
import { membersOn } from '../recipients.js';
import { answer } from '../replies.js';
import type { Reply } from '../types.js';

export const checkinCommand = defineCommand({
  name: 'checkin',
  bare: ['签到', '到'],
  level: 'member',
  branch: 'required',
  summary: '签到当前活动（开始前 30 分钟起至当天结束；开始 15 分钟后记为迟到）；书记可代人签到或补签',
  usage: '签到 ｜ /checkin @成员 [activity=活动编号]（书记代签）',
  examples: ['签到', '到', '/checkin @李四', '/checkin 孙八 activity=12'],
  keys: { activity: ['活动'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ activity: idArg('活动编号').optional() }),
  }),
  async run(ctx, { mentions, words, named }) {
    // Said in passing, 签到 is the speaker's own; only a line addressed to the bot names someone else.
    const who = ctx.isChatter ? undefined : personNamed({ mentions, words });
    return who ? checkInFor(ctx, who, named.activity) : checkInSelf(ctx, named.activity);
  },
});

/** How the ledger names the way a check-in came: the bot menu's 签到 is the private chat's typed one. */
function viaOf(action: Record<string, string> | undefined): CheckInVia {
  if (action?.via === 'link') return 'link';
  return action && action.via !== 'menu' ? 'card' : 'text';
}

async function checkInSelf(ctx: CommandContext, activityId: number | undefined): Promise<Reply[]> {
  const { member, branch } = ownMembership(ctx);
  const cardFor = Number(ctx.msg.action?.memberId);
  if (Number.isInteger(cardFor) && cardFor > 0 && cardFor !== member.id) {
    throw new CommandError('not_allowed', '这张签到卡片是发给别人的，不能替别人签到。请发送「签到」为自己签到。');
  }
  const named = activityId ?? positiveId(ctx.msg.action?.activityId);
  const activity = await targetActivity(ctx, branch, named, false);
  const outcome = await recordCheckIn(ctx.db, { memberId: member.id, activity, via: viaOf(ctx.msg.action), now: ctx.now, recordedBy: ctx.actor.key });
  if (!outcome.isNew) return [answer(ctx.msg, alreadyDone(member, outcome, branch))];
  const isLate = outcome.status === 'late';
  const lateNote = isLate ? `（迟到，活动 ${hhmm(activity.startsAt, branch)} 开始）` : '';
  const reply = answer(ctx.msg, `${member.name}签到成功${lateNote}：${activity.title}。`, 'success');
  // A group's burst of check-ins is answered in few messages, not one each (user-pains: noise).
  const combine = ctx.msg.chatType === 'group' ? { key: `checkin:${activity.id}`, subject: `${member.name}${isLate ? '（迟到）' : ''}`, predicate: `签到成功：${activity.title}。` } : undefined;
  return [combine ? { ...reply, combine } : reply, ...(await refreshActivityCards(ctx.db, activity, branch.zone, ctx.now))];
}

/** A secretary records someone's attendance: a member without a phone, or a check-in afterwards (补签). */
async function checkInFor(ctx: CommandContext, who: PersonRef, activityId: number | undefined): Promise<Reply[]> {
  const branch = branchOf(ctx);
  if (!meetsLevel(ctx.level, 'secretary')) throw new CommandError('not_allowed', '只有本支部书记、组织委员或管理员可以代他人签到。要为自己签到，请只发送「签到」。');
  const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
  const activity = await targetActivity(ctx, branch, activityId, true);
  const isAfterwards = ctx.now > activity.checkInClosesAt;
  const audit = auditEntry(ctx, { action: 'checkin.proxy', entity: 'CheckIn', entityId: `${member.id}:${activity.id}`, organizationId: branch.id, detail: { member: member.name, activityId: activity.id, isAfterwards } });
  const outcome = await recordCheckIn(ctx.db, { memberId: member.id, activity, via: 'proxy', now: ctx.now, recordedBy: ctx.actor.key, audit });
  if (!outcome.isNew) return [answer(ctx.msg, alreadyDone(member, outcome, branch))];
  const what = `${isAfterwards ? '补签' : '代签到'}${outcome.status === 'late' ? '（迟到）' : ''}：${activity.title}${inBrackets(formatDateTimeZh(activity.startsAt, branch.zone, ctx.now))}`;
  const told = await membersOn(ctx.db, [member.id], ctx.msg.platform, ctx.msg.tenant);
  return [
    answer(ctx.msg, `已为${member.name}${what}。`, 'success'),
    ...told.map((to) => ({ to, message: { title: '签到记录', lines: [`${ctx.actor.name}已为你${what}。`] } })),
    ...(await refreshActivityCards(ctx.db, activity, branch.zone, ctx.now)),
  ];
}

function alreadyDone(member: Member, outcome: Extract<CheckInOutcome, { isNew: false }>, branch: BranchRef): string {
  return `${member.name}已签到${outcome.checkedInAt ? `（${hhmm(outcome.checkedInAt, branch)}）` : ''}，无需重复。`;
}

/**
 * The activity to check in to: the one named (by a card button or `activity=`), else the one
 * open now. Only a secretary records after the window closed.
 */
async function targetActivity(ctx: CommandContext, branch: BranchRef, named: number | undefined, canBeAfterwards: boolean): Promise<Activity> {
  const activity = named === undefined ? await openActivity(ctx.db, branch.id, ctx.now) : await namedActivity(ctx, branch, named);
  if (activity) {
    const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, ctx.now);
    if (timing === 'on_time' || timing === 'late' || (timing === 'closed' && canBeAfterwards)) return activity;
    if (timing === 'closed') throw new CommandError('closed', `「${activity.title}」的签到已经结束。如需补签，请联系支部书记。`);
  }
  const next = activity ?? (await nextActivity(ctx.db, branch.id, ctx.now));
  if (!next) throw new CommandError('closed', '现在没有可以签到的活动，近期也还没有安排。');
  throw new CommandError('closed', `现在没有可以签到的活动。下一次：${formatDateTimeZh(next.startsAt, branch.zone, ctx.now)} ${next.title}，${hhmm(next.checkInOpensAt, branch)} 开放签到。`);
}

async function namedActivity(ctx: CommandContext, branch: BranchRef, id: number): Promise<Activity> {
  const activity = await readActivity(ctx.db, id);
  if (activity && activity.branchId !== branch.id) throw new CommandError('not_allowed', `这个签到按钮属于其他支部的活动，不能在「${branch.name}」签到。`);
  if (!activity) throw new CommandError('not_found', `「${branch.name}」没有编号为 ${id} 的活动。用 /activity list 查看编号。`);
  if (activity.status === 'cancelled') throw new CommandError('closed', `「${activity.title}」已取消，无需签到。`);
  return activity;
}

function positiveId(text: string | undefined): number | undefined {
  const id = Number(text);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

function hhmm(instant: Date, branch: BranchRef): string {
  return DateTime.fromJSDate(instant, { zone: branch.zone }).toFormat('HH:mm');
}
