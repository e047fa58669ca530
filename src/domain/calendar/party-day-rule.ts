import type { IsoDate } from '../dates.js';
import { addDays, dayOfMonth, daysInMonth, weekdayOf, type Weekday, type YearMonth } from './calendar-dates.js';
import { formatTime, readTime, type TimeOfDay } from './time-of-day.js';

/** Which week of the month: the first to the fourth, or the last. */
export type WeekOfMonth = 1 | 2 | 3 | 4 | 'last';

/** The branch's fixed party day (固定党日): a weekday of the month, or a day of the month. */
export type PartyDayRule =
  | { kind: 'weekday'; week: WeekOfMonth; weekday: Weekday; time: TimeOfDay }
  | { kind: 'day'; day: number; time: TimeOfDay };

const WEEKDAY_EN: Record<string, Weekday> = {
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thurs: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};
const WEEK_EN: Record<string, WeekOfMonth> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 'last' };
const WEEKDAY_ZH: Record<string, Weekday> = { 一: 1, '1': 1, 二: 2, '2': 2, 三: 3, '3': 3, 四: 4, '4': 4, 五: 5, '5': 5, 六: 6, '6': 6, 日: 7, 天: 7, '7': 7 };
const WEEK_ZH: Record<string, WeekOfMonth> = { 一: 1, '1': 1, 二: 2, '2': 2, 三: 3, '3': 3, 四: 4, '4': 4 };
const WEEK_NAME_ZH = { 1: '第一个', 2: '第二个', 3: '第三个', 4: '第四个', last: '最后一个' } as const;
const WEEKDAY_NAME_ZH = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const WEEK_NAME_EN = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', last: 'last' } as const;
const WEEKDAY_NAME_EN = ['', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Reads a party-day rule: "first friday 15:00", "last friday 15:00", "day 15 09:00",
 * "每月第一个星期五 15:00", "每月最后一个周五 15:00", "每月15日 09:00". Undefined when it is none of them.
 */
export function parsePartyDayRule(text: string): PartyDayRule | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^(first|1st|second|2nd|third|3rd|fourth|4th|last) ([a-z]+) (\S+)$/.exec(t);
  if (m) return weekdayRule(WEEK_EN[m[1] ?? ''], WEEKDAY_EN[m[2] ?? ''], m[3]);
  m = /^day (\d{1,2}) (\S+)$/.exec(t);
  if (m) return dayRule(Number(m[1]), m[2]);
  m = /^(?:每月)?(?:第([一二三四1-4])个|(最后一个))\s*(?:星期|周|礼拜)([一二三四五六日天1-7])\s*(\S+)$/.exec(t);
  if (m) return weekdayRule(m[2] ? 'last' : WEEK_ZH[m[1] ?? ''], WEEKDAY_ZH[m[3] ?? ''], m[4]);
  m = /^(?:每月)?(\d{1,2})\s*[日号]\s*(\S+)$/.exec(t);
  if (m) return dayRule(Number(m[1]), m[2]);
  return undefined;
}

function weekdayRule(week: WeekOfMonth | undefined, weekday: Weekday | undefined, timeText: string | undefined): PartyDayRule | undefined {
  const time = readTime(timeText ?? '');
  return week && weekday && time ? { kind: 'weekday', week, weekday, time } : undefined;
}

function dayRule(day: number, timeText: string | undefined): PartyDayRule | undefined {
  const time = readTime(timeText ?? '');
  return day >= 1 && day <= 31 && time ? { kind: 'day', day, time } : undefined;
}

/** The stored form: "first friday 15:00", "day 15 09:00". */
export function formatPartyDayRule(rule: PartyDayRule): string {
  return rule.kind === 'weekday'
    ? `${WEEK_NAME_EN[rule.week]} ${WEEKDAY_NAME_EN[rule.weekday]} ${formatTime(rule.time)}`
    : `day ${rule.day} ${formatTime(rule.time)}`;
}

/** How people read it: "每月第一个星期五 15:00", "每月15日 09:00". */
export function describePartyDayRule(rule: PartyDayRule): string {
  return rule.kind === 'weekday'
    ? `每月${WEEK_NAME_ZH[rule.week]}${WEEKDAY_NAME_ZH[rule.weekday]} ${formatTime(rule.time)}`
    : `每月${rule.day}日 ${formatTime(rule.time)}`;
}

/** The day the rule gives in `month`, before any holiday shift. Day 31 in a 30-day month is the 30th. */
export function ruleDate(rule: PartyDayRule, month: YearMonth): IsoDate {
  if (rule.kind === 'day') return dayOfMonth(month, rule.day);
  if (rule.week === 'last') {
    const last = dayOfMonth(month, daysInMonth(month));
    return addDays(last, -((weekdayOf(last) - rule.weekday + 7) % 7));
  }
  const first = `${month}-01`;
  return addDays(first, (rule.weekday - weekdayOf(first) + 7) % 7 + (rule.week - 1) * 7);
}
