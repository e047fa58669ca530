import { formatDateZh, inBrackets } from '../../domain/dates.js';
import { formatShortDateZh, yearOf } from '../../domain/calendar/calendar-dates.js';
import { birthdayYearsOn, describeYears, isMilestone, politicalBirthdayIn } from '../../domain/calendar/political-birthday.js';
import type { SlotOf } from '../../domain/reminders/reminder-slots.js';
import { SECRETARY_FIRST } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toMembers, toOfficers, type ExpandContext } from './expand-context.js';

type BirthdaySlot = SlotOf<'birthdays' | 'birthday_month'>;

/**
 * Political birthdays: each member their own greeting on the day, the secretary one message
 * naming everyone whose day it is, and on the 1st the month's list for a collective session.
 */
export async function expandBirthdays(ctx: ExpandContext, slot: BirthdaySlot): Promise<PlannedNotification[]> {
  const timing = { dueAt: slot.dueAt, expiresAt: slot.expiresAt };
  const members = (await ctx.audience.members()).filter((m) => (m.status === 'full' || m.status === 'probationary') && m.joinedAt !== null);
  if (slot.kind === 'birthday_month') {
    const year = yearOf(slot.date);
    const listed = members
      .map((m) => ({ ...m, date: politicalBirthdayIn(m.joinedAt ?? '', year) }))
      .filter((m) => m.date.startsWith(slot.month) && (birthdayYearsOn(m.joinedAt ?? '', m.date) ?? 0) > 0)
      .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
    if (listed.length === 0) return [];
    return toOfficers(ctx, SECRETARY_FIRST, 'birthday_month', slot.occurrence, timing, {
      title: `${Number(slot.month.slice(5))}月政治生日`,
      lines: [
        ...listed.map((m) => `${formatShortDateZh(m.date)} ${m.name}（${describeYears(birthdayYearsOn(m.joinedAt ?? '', m.date) ?? 0)}）`),
        '可在本月主题党日为他们集体过政治生日。',
      ],
    });
  }
  const today = members.flatMap((m) => {
    const years = birthdayYearsOn(m.joinedAt ?? '', slot.date);
    return years === undefined ? [] : [{ ...m, joinedAt: m.joinedAt ?? '', years }];
  });
  if (today.length === 0) return [];
  const greetings = await toMembers(ctx, 'birthday_greeting', slot.occurrence, timing, today, (m) => ({
    title: '政治生日',
    lines: [
      `${m.name}同志，今天是你的政治生日。`,
      isMilestone(m.years) ? `${formatDateZh(m.joinedAt)}你加入中国共产党，今天是你入党 ${m.years} 周年。` : `${formatDateZh(m.joinedAt)}你加入中国共产党，至今已 ${m.years} 年。`,
      '不忘入党初心，牢记党员身份。',
    ],
  }));
  const greeted = new Set(greetings.map((g) => g.memberId));
  const forSecretary = await toOfficers(ctx, SECRETARY_FIRST, 'birthday_today', slot.occurrence, timing, {
    title: '今日政治生日',
    lines: [
      `今天${inBrackets(formatShortDateZh(slot.date))}是以下同志的政治生日：`,
      today.map((m) => `${m.name}（${describeYears(m.years)}${greeted.has(m.id) ? '' : '，暂无账号，未能私信'}）`).join('、'),
    ],
  });
  return [...greetings, ...forSecretary];
}
