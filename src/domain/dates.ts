import { DateTime, Info } from 'luxon';
import { boundedMemo } from './bounded-memo.js';

/** A calendar date as "YYYY-MM-DD". */
export type IsoDate = string;

/**
 * The years a date people type may fall in. A political birthday cannot precede the Party
 * (1921); activities, previews, exports and holiday years stay in this century and the next
 * few decades. Anything else is a typo, and unbounded dates make loops over days unbounded.
 */
export const DATE_WINDOWS = {
  joined: { from: 1921, to: 2100 },
  schedule: { from: 2000, to: 2100 },
} as const;
export type DateWindow = keyof typeof DATE_WINDOWS;

/** Whether a date, month ("YYYY-MM") or year lies in the window. */
export function isInWindow(dateOrYear: string | number, window: DateWindow): boolean {
  const year = typeof dateOrYear === 'number' ? dateOrYear : Number(dateOrYear.slice(0, 4));
  const { from, to } = DATE_WINDOWS[window];
  return Number.isInteger(year) && year >= from && year <= to;
}

/** "须在1921年至2100年之间": how a refusal names the window. */
export function windowZh(window: DateWindow): string {
  const { from, to } = DATE_WINDOWS[window];
  return `须在${from}年至${to}年之间`;
}

/** The date if `text` is a real calendar date in YYYY-MM-DD form ("2026-02-30" is not). */
export function parseIsoDate(text: string): IsoDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  return DateTime.fromISO(text, { zone: 'UTC' }).isValid ? text : undefined;
}

/** Hours and minutes if `text` is a real time of day in H:mm or HH:mm form. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})[:：](\d{2})$/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

/** The instant at which the wall clock in `zone` shows `date` `hour:minute`. */
export function instantOf(date: IsoDate, time: { hour: number; minute: number }, zone: string): Date {
  return new Date(instants(`${date}|${time.hour}:${time.minute}|${zone}`, () => DateTime.fromISO(date, { zone }).set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 }).toMillis()));
}

const instants = boundedMemo<number>();

/** The calendar date in `zone` at `instant`. */
export function localDate(instant: Date, zone: string): IsoDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/**
 * "12月4日（周五）15:00" in `zone`: how the bot writes an instant to people; outside the year
 * of `now` with the year ("2020年1月1日（周三）15:00"), so a past or far date is not misread.
 */
export function formatDateTimeZh(instant: Date, zone: string, now: Date): string {
  const t = DateTime.fromJSDate(instant, { zone });
  const year = t.year === DateTime.fromJSDate(now, { zone }).year ? '' : `${t.year}年`;
  return `${year}${t.month}月${t.day}日（${WEEKDAYS_ZH[t.weekday - 1]}）${t.toFormat('HH:mm')}`;
}

/**
 * `text` in full-width brackets, its dates' weekdays unbracketed so brackets never nest:
 * "12月4日（周五）15:00" -> "（12月4日周五 15:00）".
 */
export function inBrackets(text: string): string {
  return `（${text.replace(/（(周[一二三四五六日])）(?=\d)/gu, '$1 ').replace(/（(周[一二三四五六日])）/gu, '$1')}）`;
}

/** "2026年12月4日" for a calendar date. */
export function formatDateZh(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export const WEEKDAYS_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** Whether `zone` is an IANA time zone the runtime knows. */
export function isTimeZone(zone: string): boolean {
  return Info.isValidIANAZone(zone);
}

const OFFSET_BUCKET_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The wall-clock hour and minute in `zone` at `instant`. Hot paths (planning for every member
 * of every branch) ask this thousands of times; a zone's UTC offset only changes on a quarter
 * hour, so it is looked up once per zone and quarter hour instead of through Intl every time.
 */
export function localClock(instant: Date, zone: string): { hour: number; minute: number } {
  const bucket = Math.floor(instant.getTime() / OFFSET_BUCKET_MS);
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(bucket * OFFSET_BUCKET_MS, { zone }).offset;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  const local = new Date(instant.getTime() + offset * 60_000);
  return { hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}
