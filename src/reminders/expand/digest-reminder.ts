import { DateTime } from 'luxon';
import { addDays, startOfLocalDay, yearOf } from '../../domain/calendar/calendar-dates.js';
import { missingYears } from '../../domain/calendar/holiday-calendar.js';
import { CADENCE_KINDS } from '../../domain/calendar/meeting-cadence.js';
import { digestLines } from '../../domain/reminders/digest-content.js';
import type { SlotOf } from '../../domain/reminders/reminder-slots.js';
import { SECRETARY_FIRST } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toOfficers, type ExpandContext } from './expand-context.js';

/** The calendar is checked this far ahead for missing holiday years. */
const LOOKAHEAD_DAYS = 60;

/** The secretary's weekly digest (default Monday 09:00). */
export async function expandDigest(ctx: ExpandContext, slot: SlotOf<'digest'>): Promise<PlannedNotification[]> {
  const zone = ctx.settings.timezone;
  const year = yearOf(slot.date);
  const [upcoming, yearActivities] = await Promise.all([
    ctx.db.activity.findMany({
      where: { branchId: ctx.branch.id, status: 'scheduled', startsAt: { gte: slot.dueAt, lt: DateTime.fromJSDate(slot.dueAt).plus({ days: 7 }).toJSDate() } },
      select: { kind: true, title: true, startsAt: true },
      orderBy: { startsAt: 'asc' },
    }),
    ctx.db.activity.findMany({
      where: { branchId: ctx.branch.id, status: 'scheduled', kind: { in: [...CADENCE_KINDS] }, startsAt: { gte: startOfLocalDay(`${year}-01-01`, zone), lt: startOfLocalDay(`${year + 1}-01-01`, zone) } },
      select: { kind: true, startsAt: true },
    }),
  ]);
  const hasFixedDays = ctx.settings.partyDay !== null || ctx.settings.duesDay !== null;
  const lines = digestLines({
    today: slot.date,
    zone,
    upcoming,
    yearActivities,
    cadence: ctx.settings.cadence,
    missingHolidayYears: hasFixedDays ? missingYears(ctx.calendar, [year, yearOf(addDays(slot.date, LOOKAHEAD_DAYS))]) : [],
  });
  return toOfficers(ctx, SECRETARY_FIRST, 'digest', slot.occurrence, { dueAt: slot.dueAt, expiresAt: slot.expiresAt }, { title: `「${ctx.branch.name}」本周工作提示`, lines });
}
