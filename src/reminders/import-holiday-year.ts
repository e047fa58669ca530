import type { Db } from '../db/client.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { holidayCalendar, type HolidayYear } from '../domain/calendar/holiday-calendar.js';
import { shiftNotes } from '../domain/calendar/party-day.js';
import { formatDateTimeZh } from '../domain/dates.js';
import { branchAudience, SECRETARY_FIRST } from './branch-audience.js';
import { toOfficers } from './expand/expand-context.js';
import { loadHolidayCalendar } from './load-holiday-calendar.js';
import { MAX_CATCH_UP_MS } from './planner.js';
import { toOutboxEntries, writeOutbox } from './outbox.js';
import { followPlacementChange, type PartyDayMove } from './party-day-activities.js';

export interface HolidayImport {
  isReplaced: boolean;
  /** Party days the rule had placed without this year's calendar, now moved off its holidays. */
  moves: (PartyDayMove & { branchName: string })[];
}

/**
 * Stores a year of holidays an admin imported; it replaces an earlier import of that year and
 * takes precedence over the package's data for it. Party days the rule created before the
 * year was known follow the new calendar, and each branch's secretary is told. Audited.
 */
export async function importHolidayYear(db: Db, year: HolidayYear, actor: string, defaultZone: string, now: Date): Promise<HolidayImport> {
  const before = await loadHolidayCalendar(db);
  const after = holidayCalendar([...before.years.values(), year]);
  const branches = await db.organization.findMany({ where: { kind: 'branch', dissolvedAt: null }, orderBy: { id: 'asc' } });
  const days = { holidays: year.holidays, workdays: year.workdays };
  const result = await db.$transaction(async (tx) => {
    const previous = await tx.holidayYear.findUnique({ where: { year: year.year } });
    const row = await tx.holidayYear.upsert({
      where: { year: year.year },
      create: { year: year.year, days, source: year.source, importedBy: actor, importedAt: now },
      update: { days, source: year.source, importedBy: actor, importedAt: now },
    });
    await tx.auditLog.create({
      data: {
        actor, action: 'holidays.import', entity: 'HolidayYear', entityId: String(row.id),
        detail: { year: year.year, source: year.source, holidays: Object.keys(year.holidays).length, workdays: Object.keys(year.workdays).length, replaced: previous?.source ?? null },
      },
    });
    const moves: HolidayImport['moves'] = [];
    for (const branch of branches) {
      const settings = readBranchSettings(branch.settings, defaultZone);
      for (const move of await followPlacementChange(tx, branch.id, { settings, calendar: before }, { settings, calendar: after }, now)) {
        await tx.auditLog.create({
          data: { actor, action: 'activity.move', entity: 'Activity', entityId: String(move.activity.id), organizationId: branch.id, detail: { from: move.from.toISOString(), to: move.activity.startsAt.toISOString(), reason: `holidays of ${year.year} imported` } },
        });
        moves.push({ ...move, branchName: branch.name });
      }
    }
    return { isReplaced: previous !== null, moves };
  });
  await tellSecretaries(db, branches, result.moves, year.year, defaultZone, now);
  return result;
}

async function tellSecretaries(db: Db, branches: { id: number; name: string; createdAt: Date; settings: unknown }[], moves: HolidayImport['moves'], year: number, defaultZone: string, now: Date): Promise<void> {
  for (const branch of branches) {
    const settings = readBranchSettings(branch.settings, defaultZone);
    const zone = settings.timezone;
    const addressing = { branch, audience: branchAudience(db, branch.id) };
    for (const { activity, from, day } of moves.filter((m) => m.activity.branchId === branch.id)) {
      const timing = { dueAt: now, expiresAt: new Date(now.getTime() + MAX_CATCH_UP_MS) };
      const notes = await toOfficers(addressing, SECRETARY_FIRST, 'party_day_scheduled', `${activity.occurrenceKey ?? activity.id}@${activity.startsAt.toISOString()}`, timing, {
        title: '主题党日已调整',
        lines: [`导入${year}年节假日安排后，${activity.title}由${formatDateTimeZh(from, zone, now)}调整到${formatDateTimeZh(activity.startsAt, zone, now)}（活动 #${activity.id}）。`, ...shiftNotes(day)],
      });
      await writeOutbox(db, toOutboxEntries(notes, settings.quiet, zone, now), now);
    }
  }
}
