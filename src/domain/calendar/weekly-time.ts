import { WEEKDAYS_ZH } from '../dates.js';
import type { Weekday } from './calendar-dates.js';
import { formatTime, readTime, type TimeOfDay } from './time-of-day.js';

/** A time in the week, such as the digest's "mon 09:00". */
export interface WeeklyTime {
  weekday: Weekday;
  time: TimeOfDay;
}

const WEEKDAYS: Record<string, Weekday> = {
  mon: 1, monday: 1, 周一: 1, 星期一: 1, tue: 2, tuesday: 2, 周二: 2, 星期二: 2, wed: 3, wednesday: 3, 周三: 3, 星期三: 3,
  thu: 4, thursday: 4, 周四: 4, 星期四: 4, fri: 5, friday: 5, 周五: 5, 星期五: 5, sat: 6, saturday: 6, 周六: 6, 星期六: 6,
  sun: 7, sunday: 7, 周日: 7, 星期日: 7, 周天: 7, 星期天: 7,
};
const SHORT = ['', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "mon 09:00", "周一 09:00", or "off". Undefined when unreadable. */
export function parseWeeklyTime(text: string): WeeklyTime | 'off' | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === '关' || t === '关闭') return 'off';
  const m = /^(\S+?)\s*(\d{1,2}[:：]\d{2})$/.exec(t);
  const weekday = WEEKDAYS[m?.[1] ?? ''];
  const time = readTime(m?.[2] ?? '');
  return weekday && time ? { weekday, time } : undefined;
}

export function formatWeeklyTime(value: WeeklyTime | null): string {
  return value ? `${SHORT[value.weekday]} ${formatTime(value.time)}` : 'off';
}

export function describeWeeklyTime(value: WeeklyTime | null): string {
  return value ? `每${WEEKDAYS_ZH[value.weekday - 1]} ${formatTime(value.time)}` : '不发送';
}
