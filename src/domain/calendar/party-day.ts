import { instantOf, localDate } from '../dates.js';
import { addMonths, formatShortDateZh, type YearMonth } from './calendar-dates.js';
import type { HolidayCalendar } from './holiday-calendar.js';
import { ruleDate, type PartyDayRule } from './party-day-rule.js';
import { MAX_SHIFT_DAYS, shiftToWorkday, type HolidayShift, type ShiftedDay } from './workday-shift.js';

/** The party day of one month, as the rule and the holiday calendar place it. */
export interface PartyDay extends ShiftedDay {
  month: YearMonth;
  /** "party_day:2026-12": the occurrence key of the activity created for it. */
  occurrenceKey: string;
  startsAt: Date;
}

/** Where `rule` puts the party day of `month` in `zone`, moved off a day off by `shift`. */
export function partyDayOf(month: YearMonth, rule: PartyDayRule, shift: HolidayShift, calendar: HolidayCalendar, zone: string): PartyDay {
  const shifted = shiftToWorkday(ruleDate(rule, month), shift, calendar);
  return { ...shifted, month, occurrenceKey: partyDayOccurrence(month), startsAt: instantOf(shifted.date, rule.time, zone) };
}

export function partyDayOccurrence(month: YearMonth): string {
  return `party_day:${month}`;
}

/** The title of a party-day activity created from the rule: "12月主题党日". */
export function partyDayTitle(month: YearMonth): string {
  return `${Number(month.slice(5))}月主题党日`;
}

/** The first party day the rule gives after `now`: this month's, or next month's once it has begun. */
export function nextPartyDay(now: Date, rule: PartyDayRule, shift: HolidayShift, calendar: HolidayCalendar, zone: string): PartyDay {
  const thisMonth = localDate(now, zone).slice(0, 7);
  const day = partyDayOf(thisMonth, rule, shift, calendar, zone);
  return day.startsAt > now ? day : partyDayOf(addMonths(thisMonth, 1), rule, shift, calendar, zone);
}

/**
 * What the secretary should know about a fixed day the calendar moved or could not check,
 * in Chinese; empty when the day is simply the rule's day.
 */
export function shiftNotes(day: ShiftedDay): string[] {
  const notes: string[] = [];
  if (day.date !== day.plannedDate) {
    notes.push(`${formatShortDateZh(day.plannedDate)}逢${day.dayOffName ?? '休息日'}，调整到${formatShortDateZh(day.date)}。`);
    if (day.crossesMonth) notes.push('注意：调整后的日期已跨到另一个月，请确认是否合适，可用 /activity move 改期。');
  } else if (day.dayOffName) {
    notes.push(`${formatShortDateZh(day.date)}逢${day.dayOffName}，按设置不作调整。`);
  }
  if (day.isUnresolved) notes.push(`${formatShortDateZh(day.plannedDate)}前后 ${MAX_SHIFT_DAYS} 天内没有工作日，仍按原日期安排，请书记确认。`);
  if (day.isCalendarMissing) {
    const years = day.assumedYears.map((y) => `${y}年`).join('、');
    notes.push(`${years}的节假日安排尚未导入，暂按周一至周五为工作日安排；导入后，${formatShortDateZh(day.date)}可能还会变动。请管理员导入当年节假日安排（zhibu holidays import）。`);
  }
  return notes;
}

/** The warnings worth a message of their own to the secretary. */
export function needsSecretaryAttention(day: ShiftedDay): boolean {
  return day.crossesMonth || day.isUnresolved || day.isCalendarMissing;
}
