import { loadActivitiesAttendance } from '../attendance/load-attendance.js';
import type { Db } from '../db/client.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { addMonths, dayOfMonth, daysInMonth, endOfLocalDay, startOfLocalDay, type YearMonth } from '../domain/calendar/calendar-dates.js';
import { localDate } from '../domain/dates.js';
import { LONG_UNPAID_MONTHS, treeScoreboard, type ScoreboardBranchInput, type ScoreboardRow } from '../domain/digest/tree-scoreboard.js';
import { hasRecordContent } from '../domain/meeting-records.js';
import { duesTrackingStart } from '../domain/dues/tracking.js';
import { walkTree } from '../org-tree/walk-tree.js';

export interface TreeScoreboard {
  month: YearMonth;
  /** The day it stands on: the month's last day, or today within the month. */
  asOf: string;
  /** The organisations it was asked for ('all': every top-level one). */
  rootNames: string[];
  rows: ScoreboardRow[];
}

/**
 * The monthly scoreboard of the branches under `rootIds`: each branch read in a few queries
 * (members, activities with their records, dues), its 主题党日 counted by the attendance model.
 */
export async function loadTreeScoreboard(db: Db, rootIds: readonly number[] | 'all', month: YearMonth, now: Date, defaultZone: string): Promise<TreeScoreboard> {
  const orgs = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true, parentId: true, createdAt: true, settings: true }, orderBy: { id: 'asc' } });
  const nameOf = new Map(orgs.map((o) => [o.id, o.name]));
  const branches = walkTree(orgs, rootIds).filter((o) => o.kind === 'branch');
  const zone = defaultZone;
  const monthLast = dayOfMonth(month, daysInMonth(month));
  const monthEnd = endOfLocalDay(monthLast, zone);
  const asOfInstant = now < monthEnd ? now : monthEnd;
  const asOf = now < monthEnd ? localDate(now, zone) : monthLast;
  const inputs: ScoreboardBranchInput[] = [];
  // One branch at a time: on SQLite there is one connection anyway, and each branch's reads run together.
  for (const branch of branches) {
    const settings = readBranchSettings(branch.settings, defaultZone);
    inputs.push(await loadBranchInput(db, branch, settings, nameOf.get(branch.parentId ?? -1) ?? null, month, asOfInstant));
  }
  const rootNames = rootIds === 'all' ? orgs.filter((o) => o.parentId === null).map((o) => o.name) : orgs.filter((o) => rootIds.includes(o.id)).map((o) => o.name);
  return { month, asOf, rootNames, rows: treeScoreboard({ month, asOf, branches: inputs }) };
}

async function loadBranchInput(
  db: Db, branch: { id: number; name: string; createdAt: Date }, settings: ReturnType<typeof readBranchSettings>, parentName: string | null, month: YearMonth, asOf: Date,
): Promise<ScoreboardBranchInput> {
  const zone = settings.timezone;
  const monthStart = startOfLocalDay(`${month}-01`, zone);
  const yearStart = startOfLocalDay(`${month.slice(0, 4)}-01-01`, zone);
  const previousMonthStart = startOfLocalDay(`${addMonths(month, -1)}-01`, zone);
  // The year for the yearly meetings, the month before for "silent" early in January.
  const since = previousMonthStart < yearStart ? previousMonthStart : yearStart;
  // Exclusive: the first instant of the next month.
  const monthEnd = endOfLocalDay(dayOfMonth(month, daysInMonth(month)), zone);
  const [members, activities, duesRecords] = await Promise.all([
    db.member.findMany({
      where: { branchId: branch.id, OR: [{ leftAt: null }, { leftAt: { gte: monthEnd } }] },
      select: { id: true, status: true, joinedAt: true, joinedBranchOn: true, probationStartedAt: true, exempt: true, duesMonthlyFen: true },
      orderBy: { id: 'asc' },
    }),
    db.activity.findMany({
      where: { branchId: branch.id, status: 'scheduled', startsAt: { gte: since, lt: monthEnd } },
      select: { id: true, kind: true, startsAt: true, checkInClosesAt: true, record: { select: { content: true } } },
      orderBy: { startsAt: 'asc' },
    }),
    db.duesRecord.findMany({
      where: { member: { branchId: branch.id }, month: { gte: addMonths(month, -LONG_UNPAID_MONTHS), lte: month } },
      select: { memberId: true, month: true, status: true, amountDueFen: true, amountPaidFen: true },
    }),
  ]);
  const monthLast = dayOfMonth(month, daysInMonth(month));
  const onRoster = members.filter((m) => m.joinedBranchOn === null || m.joinedBranchOn <= monthLast);
  const partyDays = activities.filter((a) => a.kind === 'party_day' && a.startsAt >= monthStart && a.startsAt <= asOf);
  const turnouts = await loadActivitiesAttendance(db, branch.id, partyDays, asOf, zone);
  return {
    name: branch.name,
    parentName,
    members: onRoster,
    activities: activities.map((a) => ({ kind: a.kind, date: localDate(a.startsAt, zone), hasBegun: a.startsAt <= asOf, hasRecord: hasRecordContent(a.record) })),
    partyDayTurnouts: turnouts.map((t) => ({ expected: t.expected, attended: t.attended })),
    duesRecords,
    duesTrackingStart: duesTrackingStart(settings, branch.createdAt),
    cadence: settings.cadence,
    termStarted: settings.termStarted,
    termYears: settings.termYears,
  };
}
