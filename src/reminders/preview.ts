import { DateTime } from 'luxon';
import type { Db, NotificationStatus, Organization } from '../db/client.js';
import { readBranchSettings, type BranchSettings } from '../domain/branch-settings.js';
import { addDays, endOfLocalDay, formatShortDateZh, monthOf, startOfLocalDay, yearOf } from '../domain/calendar/calendar-dates.js';
import { dayInfo, type HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { duesDayOf } from '../domain/calendar/dues-day.js';
import { partyDayOccurrence, partyDayOf, partyDayTitle, shiftNotes } from '../domain/calendar/party-day.js';
import { checkInWindow } from '../domain/check-in-window.js';
import { formatDateTimeZh, formatDateZh, WEEKDAYS_ZH, type IsoDate } from '../domain/dates.js';
import { reminderSlots, type PartyDayFact } from '../domain/reminders/reminder-slots.js';
import { branchAudience } from './branch-audience.js';
import { meetingsToAsk } from './meetings-to-ask.js';
import { describeKind } from './describe-kind.js';
import { expandSlot } from './expand/expand-slot.js';
import { toOutboxEntry, type OutboxEntry } from './outbox.js';

/** One notification of the day as the preview shows it: planned, or as the outbox recorded it. */
export interface PreviewEntry extends OutboxEntry {
  /** The outbox row's status when it was planned already. */
  recorded?: NotificationStatus;
}

export interface DayPreview {
  branchName: string;
  date: IsoDate;
  settings: BranchSettings;
  /** What kind of day it is, and what the fixed days of its month are: the "why". */
  notes: string[];
  entries: PreviewEntry[];
}

/**
 * What the branch's reminders would send on `date`, and to whom, as things stand at `now`,
 * without writing or sending anything. Days already planned show what the outbox recorded.
 * A party day the rule will create later is previewed as if it existed.
 */
export async function previewDay(db: Db, calendar: HolidayCalendar, branch: Organization, defaultZone: string, date: IsoDate, now: Date): Promise<DayPreview> {
  const settings = readBranchSettings(branch.settings, defaultZone);
  const zone = settings.timezone;
  const from = new Date(startOfLocalDay(date, zone).getTime() - 1);
  const to = new Date(endOfLocalDay(date, zone).getTime() - 1);
  const partyDays = await partyDaysFor(db, calendar, branch.id, settings, date, now);
  // The planner's own reading and expansion: what it would plan for the day, record asks included.
  const meetings = (await meetingsToAsk(db, [branch.id], from, to)).get(branch.id) ?? [];
  const ctx = { db, branch, settings, calendar, audience: branchAudience(db, branch.id) };
  const planned = [];
  for (const slot of reminderSlots({ from, to, settings, calendar, partyDays, meetings })) planned.push(...(await expandSlot(ctx, slot)));
  const recorded = await db.notification.findMany({ where: { idempotencyKey: { in: planned.map((p) => p.key) } }, select: { idempotencyKey: true, status: true } });
  const statusOf = new Map(recorded.map((r) => [r.idempotencyKey, r.status]));
  const entries = planned.map((p) => {
    const status = statusOf.get(p.key);
    // Judged as if planned on time: only quiet hours can make it useless.
    return { ...toOutboxEntry(p, settings.quiet, zone, p.dueAt), ...(status ? { recorded: status } : {}) };
  });
  return { branchName: branch.name, date, settings, notes: dayNotes(settings, calendar, date), entries };
}

async function partyDaysFor(db: Db, calendar: HolidayCalendar, branchId: number, settings: BranchSettings, date: IsoDate, now: Date): Promise<PartyDayFact[]> {
  const zone = settings.timezone;
  const months = [...new Set([monthOf(date), monthOf(addDays(date, 1))])];
  const keys = months.map(partyDayOccurrence);
  const activities = await db.activity.findMany({
    where: { branchId, kind: 'party_day', OR: [{ startsAt: { gte: startOfLocalDay(date, zone), lt: endOfLocalDay(addDays(date, 1), zone) } }, { occurrenceKey: { in: keys } }] },
  });
  const facts: PartyDayFact[] = activities.filter((a) => a.status === 'scheduled');
  const rule = settings.partyDay;
  if (!rule) return facts;
  for (const month of months) {
    if (activities.some((a) => a.occurrenceKey === partyDayOccurrence(month))) continue;
    const day = partyDayOf(month, rule, settings.shift, calendar, zone);
    if (day.startsAt <= now) continue;
    const window = checkInWindow(day.startsAt, zone);
    facts.push({ id: null, title: partyDayTitle(month), place: null, startsAt: day.startsAt, checkInOpensAt: window.opensAt, lateAfter: window.lateAfter });
  }
  return facts;
}

/** What kind of day it is, and where the month's party day and dues day fall. */
function dayNotes(settings: BranchSettings, calendar: HolidayCalendar, date: IsoDate): string[] {
  const info = dayInfo(calendar, date);
  const kind = !info.isCovered
    ? `${info.isWorkday ? '工作日' : '周末'}（${yearOf(date)}年的节假日安排尚未导入，暂按周一至周五为工作日，是否放假或调休无法核对）`
    : info.isMakeUpWorkday ? `调休上班（${info.holidayName ?? ''}）` : info.isWorkday ? '工作日' : (info.holidayName ? `${info.holidayName}假期` : '休息日');
  const notes = [`当天：${kind}`];
  const month = monthOf(date);
  if (settings.partyDay) {
    const day = partyDayOf(month, settings.partyDay, settings.shift, calendar, settings.timezone);
    notes.push(`本月固定党日（按规则）：${formatDateTimeZh(day.startsAt, settings.timezone, day.startsAt)}`, ...shiftNotes(day).map((n) => `  ${n}`));
  }
  if (settings.duesDay !== null) {
    const day = duesDayOf(month, settings.duesDay, settings.duesShift, calendar);
    notes.push(`本月党费日：${formatShortDateZh(day.date)}`, ...shiftNotes(day).map((n) => `  ${n}`));
  }
  return notes;
}

const STATUS_ZH: Record<NotificationStatus, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败', skipped: '已跳过' };
const MAX_NAMES = 12;

/** The preview as lines of Chinese: one line per message, recipients of the same message together. */
export function formatPreview(preview: DayPreview): string[] {
  const zone = preview.settings.timezone;
  const weekday = WEEKDAYS_ZH[DateTime.fromISO(preview.date, { zone: 'UTC' }).weekday - 1] ?? '';
  const lines = [`【提醒预览】${preview.branchName} · ${formatDateZh(preview.date)}（${weekday}）`, ...preview.notes];
  if (preview.entries.length === 0) return [...lines, '这一天没有要发送的提醒。'];
  const groups = new Map<string, { entry: PreviewEntry; names: string[] }>();
  for (const entry of preview.entries) {
    // Asks about different activities (two meetings owing records) stay apart.
    const key = [entry.sendAt.getTime(), entry.kind, occurrenceOf(entry.key), entry.to.kind, entry.message.title, entry.recorded ?? entry.status].join('|');
    const group = groups.get(key) ?? { entry, names: [] };
    group.names.push(entry.to.kind === 'chat' ? entry.to.id : (entry.to.label ?? entry.to.id));
    groups.set(key, group);
  }
  lines.push('提醒（按目前的名册和记录）：');
  for (const { entry, names } of groups.values()) {
    const at = DateTime.fromJSDate(entry.sendAt, { zone }).toFormat('HH:mm');
    // A group chat is named by what it is to the branch, never by the platform's chat id.
    const who = entry.to.kind === 'chat' ? `本支部群聊${names.length > 1 ? `（${names.length} 个）` : ''}` : `私信 ${names.slice(0, MAX_NAMES).join('、')}${names.length > MAX_NAMES ? ` 等 ${names.length} 人` : names.length > 1 ? `（${names.length} 人）` : ''}`;
    const state = entry.recorded
      ? `（${STATUS_ZH[entry.recorded]}）`
      : entry.status === 'skipped' ? '（免打扰时段过后已无意义，将跳过）' : entry.sendAt > entry.dueAt ? '（免打扰时段结束后发送）' : '';
    const activity = entry.kind === 'record_missing' ? /^activity-(\d+)@/u.exec(occurrenceOf(entry.key))?.[1] : undefined;
    lines.push(`${at} ${who}：${describeKind(entry.kind)}${activity ? `（活动 #${activity}）` : ''}${state}`);
  }
  return lines;
}

/** The occurrence part of an idempotency key (kind:recipient:occurrence): what the notification is about. */
function occurrenceOf(key: string): string {
  return key.split(':').slice(2).join(':');
}
