import { DateTime } from 'luxon';
import { isUniqueViolation, type Activity, type Db, type Prisma } from '../db/client.js';
import type { BranchSettings } from '../domain/branch-settings.js';
import { addMonths, monthOf } from '../domain/calendar/calendar-dates.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { partyDayOf, partyDayTitle, type PartyDay } from '../domain/calendar/party-day.js';
import { formatPartyDayRule } from '../domain/calendar/party-day-rule.js';
import { checkInWindow } from '../domain/check-in-window.js';
import { localDate } from '../domain/dates.js';
import { moveActivity } from './activity-changes.js';

/** The party days of the rule that are due to exist at `now`: starting after it, and at most a month ahead. */
export function upcomingPartyDays(settings: BranchSettings, calendar: HolidayCalendar, now: Date): PartyDay[] {
  const rule = settings.partyDay;
  if (!rule) return [];
  const zone = settings.timezone;
  const horizon = DateTime.fromJSDate(now, { zone }).plus({ months: 1 }).toJSDate();
  const thisMonth = monthOf(localDate(now, zone));
  return [thisMonth, addMonths(thisMonth, 1)]
    .map((month) => partyDayOf(month, rule, settings.shift, calendar, zone))
    .filter((day) => day.startsAt > now && day.startsAt <= horizon);
}

/**
 * Creates the party-day activities the rule gives, a month ahead. The occurrence key
 * ("party_day:2026-12") is unique per branch, so creating twice creates once, and an
 * activity the secretary moved or cancelled is never created again. A party day already
 * arranged by hand on that date is left alone. `existing` holds the branch's party-day
 * activities from now on and those with the days' keys. Returns what this call created.
 */
export async function createPartyDayActivities(
  db: Db, branchId: number, settings: BranchSettings, days: readonly PartyDay[], existing: readonly Pick<Activity, 'occurrenceKey' | 'startsAt' | 'status'>[],
): Promise<{ activity: Activity; day: PartyDay }[]> {
  const rule = settings.partyDay;
  if (days.length === 0 || !rule) return [];
  const zone = settings.timezone;
  const created: { activity: Activity; day: PartyDay }[] = [];
  for (const day of days) {
    const isArranged = existing.some((a) => a.occurrenceKey === day.occurrenceKey || (a.status === 'scheduled' && localDate(a.startsAt, zone) === day.date));
    if (isArranged) continue;
    const window = checkInWindow(day.startsAt, zone);
    try {
      const activity = await db.$transaction(async (tx) => {
        const row = await tx.activity.create({
          data: {
            branchId, kind: 'party_day', title: partyDayTitle(day.month), startsAt: day.startsAt, occurrenceKey: day.occurrenceKey,
            checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter, createdBy: 'system',
          },
        });
        await tx.auditLog.create({
          data: {
            actor: 'system', action: 'activity.create', entity: 'Activity', entityId: String(row.id), organizationId: branchId,
            detail: { rule: formatPartyDayRule(rule), plannedDate: day.plannedDate, date: day.date },
          },
        });
        return row;
      });
      created.push({ activity, day });
    } catch (error) {
      // Another bot process created it a moment ago.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}

/** Where party days fall: the branch's settings read against a holiday calendar. */
export interface Placement {
  settings: BranchSettings;
  calendar: HolidayCalendar;
}

/**
 * After the party-day rule, its shift, the zone or the holiday calendar changed: the
 * activities the rule created that have not begun, and are still where the old placement put
 * them, move to where the new one puts them in their month. Days the secretary moved by hand
 * stay. Returns the moves.
 */
export async function followPlacementChange(db: Db | Prisma.TransactionClient, branchId: number, before: Placement, after: Placement, now: Date): Promise<PartyDayMove[]> {
  const [was, will] = [before.settings, after.settings];
  if (!was.partyDay || !will.partyDay) return [];
  const planned = await db.activity.findMany({
    where: { branchId, kind: 'party_day', status: 'scheduled', createdBy: 'system', occurrenceKey: { startsWith: 'party_day:' }, startsAt: { gt: now } },
  });
  const moves: PartyDayMove[] = [];
  for (const activity of planned) {
    const month = (activity.occurrenceKey ?? '').slice('party_day:'.length);
    const old = partyDayOf(month, was.partyDay, was.shift, before.calendar, was.timezone);
    const day = partyDayOf(month, will.partyDay, will.shift, after.calendar, will.timezone);
    const isWhereRuleSaid = old.startsAt.getTime() === activity.startsAt.getTime();
    if (!isWhereRuleSaid || day.startsAt <= now || day.startsAt.getTime() === activity.startsAt.getTime()) continue;
    moves.push({ activity: await moveActivity(db, activity, day.startsAt, will.timezone), from: activity.startsAt, day });
  }
  return moves;
}

export interface PartyDayMove {
  activity: Activity;
  from: Date;
  /** Where the rule now puts it, with the notes on why. */
  day: PartyDay;
}
