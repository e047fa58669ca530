import { DateTime } from 'luxon';
import { activityCardKey } from '../../bot/activity-card.js';
import type { Button, OutgoingMessage } from '../../bot/types.js';
import { stateOf } from '../../domain/attendance.js';
import { isPartyMember } from '../../domain/member-status.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import type { PartyDayFact, SlotOf } from '../../domain/reminders/reminder-slots.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toGroups, toMembers, type ExpandContext } from './expand-context.js';

type PartyDaySlot = SlotOf<'party_day_eve' | 'party_day_morning' | 'party_day_start'>;

/**
 * Party day: the group hears the evening before and in the morning (a card with the 签到
 * button and the badge reminder); at the start, members who have neither checked in nor asked
 * for leave get a private nudge.
 */
export async function expandPartyDay(ctx: ExpandContext, slot: PartyDaySlot): Promise<PlannedNotification[]> {
  const timing = { dueAt: slot.dueAt, expiresAt: slot.expiresAt };
  const { activity } = slot;
  if (slot.kind === 'party_day_eve') return toGroups(ctx, 'party_day_eve', slot.occurrence, timing, eveNotice(activity, ctx.settings.timezone));
  if (slot.kind === 'party_day_morning') return toGroups(ctx, 'party_day_morning', slot.occurrence, timing, morningCard(activity, ctx.settings.timezone, ctx.settings.badge));
  const missing = await notCheckedIn(ctx, activity);
  const hhmm = DateTime.fromJSDate(activity.startsAt, { zone: ctx.settings.timezone }).toFormat('HH:mm');
  // The same words for everyone nudged: one message, serialised once.
  const nudge: OutgoingMessage = {
    title: '签到提醒',
    lines: [`主题党日（${hhmm}）已经开始，你还没有签到。`, '到场后点「签到」或在群里发送「签到」；不能参加请发送「请假 理由」。'],
    ...(activity.id === null ? {} : { buttons: [checkInButton(activity.id)] }),
  };
  return toMembers(ctx, 'party_day_nudge', slot.occurrence, timing, missing, () => nudge);
}

function details(activity: PartyDayFact): string[] {
  return [
    ...(activity.place ? [`地点：${activity.place}`] : []),
    // Without a theme set, a title other than the rule's "12月主题党日" is what the day is about.
    ...(activity.theme ? [`主题：${activity.theme}`] : activity.title.endsWith('主题党日') ? [] : [`主题：${activity.title}`]),
  ];
}

function eveNotice(activity: PartyDayFact, zone: string): OutgoingMessage {
  return {
    title: '明日主题党日',
    lines: [`时间：${formatDateTimeZh(activity.startsAt, zone, activity.startsAt)}`, ...details(activity), '不能参加的同志，请提前在群里发送「请假 理由」，由书记审批。'],
  };
}

function morningCard(activity: PartyDayFact, zone: string, badge: boolean): OutgoingMessage {
  const hhmm = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('HH:mm');
  return {
    title: '今日主题党日',
    lines: [
      `时间：今天 ${hhmm(activity.startsAt)}（${hhmm(activity.checkInOpensAt)} 起可签到，${hhmm(activity.lateAfter)} 后记为迟到）`,
      ...details(activity),
      `${badge ? '请佩戴党员徽章，准时参加。' : '请准时参加。'}到场后点「签到」或在群里发送「签到」。`,
    ],
    // The morning card turns into the live check-in card (counts) as members check in.
    ...(activity.id === null ? {} : { buttons: [checkInButton(activity.id)], liveKey: activityCardKey(activity.id) }),
  };
}

/** Feishu answers it in place; DingTalk, where buttons only open links, makes it a signed link in private. */
function checkInButton(activityId: number): Button {
  return { label: '签到', style: 'primary', action: { command: '签到', activityId: String(activityId) } };
}

/** Party members on the roster, not excused from chasing, who have neither checked in nor asked for leave. */
async function notCheckedIn(ctx: ExpandContext, activity: PartyDayFact): Promise<{ id: number; name: string }[]> {
  const roster = (await ctx.audience.members()).filter((m) => !m.exempt && isPartyMember(m.status));
  if (activity.id === null) return roster;
  const marks = await ctx.db.checkIn.findMany({ where: { activityId: activity.id }, select: { memberId: true, status: true, leaveDecision: true } });
  const byMember = new Map(marks.map((m) => [m.memberId, m]));
  // No nudge while the secretary decides on leave; rejected leave is nudged like no mark at all.
  return roster.filter((m) => stateOf(m, byMember.get(m.id), true) === 'not_yet');
}
