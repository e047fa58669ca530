import { loadActivitiesAttendance } from '../attendance/load-attendance.js';
import type { ActivityKind, Db, MemberStatus } from '../db/client.js';
import { readBranchSettings, type BranchSettings } from '../domain/branch-settings.js';
import { addMonths, dayOfMonth, daysInMonth, endOfLocalDay, startOfLocalDay, type YearMonth } from '../domain/calendar/calendar-dates.js';
import { localDate } from '../domain/dates.js';
import { LONG_UNPAID_MONTHS, treeScoreboard, type ScoreboardBranchInput, type ScoreboardDuesRecord, type ScoreboardRow } from '../domain/digest/tree-scoreboard.js';
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

export interface TreeOrg {
  id: number;
  name: string;
  kind: 'working_committee' | 'committee' | 'general_branch' | 'branch';
  parentId: number | null;
  createdAt: Date;
  settings: unknown;
}

/** A branch's records over a span of months, read once, from which each month's scoreboard input is cut. */
export interface BranchRecords {
  branch: TreeOrg;
  parentName: string | null;
  settings: BranchSettings;
  members: { id: number; status: MemberStatus; joinedAt: string | null; joinedBranchOn: string | null; probationStartedAt: string | null; exempt: boolean; duesMonthlyFen: number | null; leftAt: Date | null }[];
  activities: { id: number; kind: ActivityKind; startsAt: Date; checkInClosesAt: Date; date: string; hasRecord: boolean }[];
  duesRecords: ScoreboardDuesRecord[];
  /** 主题党日 turnouts by activity, counted by the attendance model at the reading's instant. */
  turnouts: Map<number, { expected: number; attended: number }>;
}

/** The live organisations under `rootIds` (parents first), with the names of every organisation. */
export async function treeBelow(db: Db, rootIds: readonly number[] | 'all'): Promise<{ walked: TreeOrg[]; rootNames: string[]; nameOf: Map<number, string> }> {
  const orgs: TreeOrg[] = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true, parentId: true, createdAt: true, settings: true }, orderBy: { id: 'asc' } });
  const rootNames = rootIds === 'all' ? orgs.filter((o) => o.parentId === null).map((o) => o.name) : orgs.filter((o) => rootIds.includes(o.id)).map((o) => o.name);
  return { walked: walkTree(orgs, rootIds), rootNames, nameOf: new Map(orgs.map((o) => [o.id, o.name])) };
}

/**
 * The monthly scoreboard of the branches under `rootIds`: each branch read in a few queries
 * (members, activities with their records, dues), its 主题党日 counted by the attendance model.
 */
export async function loadTreeScoreboard(db: Db, rootIds: readonly number[] | 'all', month: YearMonth, now: Date, defaultZone: string): Promise<TreeScoreboard> {
  const { walked, rootNames, nameOf } = await treeBelow(db, rootIds);
  const asOf = asOfIn(month, now, defaultZone);
  const inputs: ScoreboardBranchInput[] = [];
  // One branch at a time: on SQLite there is one connection anyway, and each branch's reads run together.
  for (const branch of walked.filter((o) => o.kind === 'branch')) {
    const records = await loadBranchRecords(db, branch, nameOf.get(branch.parentId ?? -1) ?? null, defaultZone, month, month, now);
    inputs.push(branchInputFor(records, month, now));
  }
  return { month, asOf, rootNames, rows: treeScoreboard({ month, asOf, branches: inputs }) };
}

/** The day a month's scoreboard stands on at `now`: its last day once it is over, else today. */
export function asOfIn(month: YearMonth, now: Date, zone: string): string {
  const monthLast = dayOfMonth(month, daysInMonth(month));
  return now < endOfLocalDay(monthLast, zone) ? localDate(now, zone) : monthLast;
}

/**
 * Reads a branch's records for the months `from` to `to`: activities from the start of
 * `from`'s year (or the month before `from`, if earlier: "silent" early in January), dues
 * LONG_UNPAID_MONTHS before `from`, members on the roster at any time since.
 */
export async function loadBranchRecords(db: Db, branch: TreeOrg, parentName: string | null, defaultZone: string, from: YearMonth, to: YearMonth, now: Date): Promise<BranchRecords> {
  const settings = readBranchSettings(branch.settings, defaultZone);
  const zone = settings.timezone;
  const yearStart = startOfLocalDay(`${from.slice(0, 4)}-01-01`, zone);
  const previousMonthStart = startOfLocalDay(`${addMonths(from, -1)}-01`, zone);
  const since = previousMonthStart < yearStart ? previousMonthStart : yearStart;
  // Exclusive: the first instant after `to`.
  const end = endOfLocalDay(dayOfMonth(to, daysInMonth(to)), zone);
  const [members, activities, duesRecords] = await Promise.all([
    db.member.findMany({
      where: { branchId: branch.id, OR: [{ leftAt: null }, { leftAt: { gte: startOfLocalDay(`${from}-01`, zone) } }] },
      select: { id: true, status: true, joinedAt: true, joinedBranchOn: true, probationStartedAt: true, exempt: true, duesMonthlyFen: true, leftAt: true },
      orderBy: { id: 'asc' },
    }),
    db.activity.findMany({
      where: { branchId: branch.id, status: 'scheduled', startsAt: { gte: since, lt: end } },
      select: { id: true, kind: true, startsAt: true, checkInClosesAt: true, record: { select: { content: true } } },
      orderBy: { startsAt: 'asc' },
    }),
    db.duesRecord.findMany({
      where: { member: { branchId: branch.id }, month: { gte: addMonths(from, -LONG_UNPAID_MONTHS), lte: to } },
      select: { memberId: true, month: true, status: true, amountDueFen: true, amountPaidFen: true },
    }),
  ]);
  const partyDays = activities.filter((a) => a.kind === 'party_day' && a.startsAt <= now);
  const turnouts = await loadActivitiesAttendance(db, branch.id, partyDays, now, zone);
  return {
    branch,
    parentName,
    settings,
    members,
    activities: activities.map((a) => ({ id: a.id, kind: a.kind, startsAt: a.startsAt, checkInClosesAt: a.checkInClosesAt, date: localDate(a.startsAt, zone), hasRecord: hasRecordContent(a.record) })),
    duesRecords,
    turnouts: new Map(turnouts.map((t) => [t.activityId, { expected: t.expected, attended: t.attended }])),
  };
}

/** One month of a branch's records as the scoreboard reads it, standing on that month at `now`. */
export function branchInputFor(r: BranchRecords, month: YearMonth, now: Date): ScoreboardBranchInput {
  const zone = r.settings.timezone;
  const monthFirst = `${month}-01`;
  const monthLast = dayOfMonth(month, daysInMonth(month));
  const monthEnd = endOfLocalDay(monthLast, zone);
  const asOf = now < monthEnd ? now : monthEnd;
  const yearStart = `${month.slice(0, 4)}-01-01`;
  const previousMonth = `${addMonths(month, -1)}-01`;
  const from = previousMonth < yearStart ? previousMonth : yearStart;
  const onRoster = r.members.filter((m) => (m.leftAt === null || m.leftAt >= monthEnd) && (m.joinedBranchOn === null || m.joinedBranchOn <= monthLast));
  const activities = r.activities.filter((a) => a.date >= from && a.date <= monthLast);
  return {
    name: r.branch.name,
    parentName: r.parentName,
    members: onRoster,
    activities: activities.map((a) => ({ kind: a.kind, date: a.date, hasBegun: a.startsAt <= asOf, hasRecord: a.hasRecord })),
    partyDayTurnouts: activities.filter((a) => a.kind === 'party_day' && a.date >= monthFirst && a.startsAt <= asOf).flatMap((a) => r.turnouts.get(a.id) ?? []),
    duesRecords: r.duesRecords.filter((d) => d.month <= month && d.month >= addMonths(month, -LONG_UNPAID_MONTHS)),
    duesTrackingStart: duesTrackingStart(r.settings, r.branch.createdAt),
    cadence: r.settings.cadence,
    termStarted: r.settings.termStarted,
    termYears: r.settings.termYears,
  };
}
