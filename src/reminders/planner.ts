import { isUniqueViolation, providerOfClient, type Activity, type Db, type Organization } from '../db/client.js';
import { monotonicMs } from '../clock.js';
import { readBranchSettings, type BranchSettings } from '../domain/branch-settings.js';
import { startOfLocalDay } from '../domain/calendar/calendar-dates.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { needsSecretaryAttention, shiftNotes, type PartyDay } from '../domain/calendar/party-day.js';
import { formatDateTimeZh, localDate } from '../domain/dates.js';
import { PARTY_DAY_DIGEST_AFTER_MINUTES, reminderSlots, type MeetingFact, type ReminderSlot } from '../domain/reminders/reminder-slots.js';
import type { Logger } from '../logger.js';
import { batchAudience, SECRETARY_FIRST } from './branch-audience.js';
import { forEachAtOnce } from './for-each-at-once.js';
import { meetingsToAsk } from './meetings-to-ask.js';
import { expandSlot } from './expand/expand-slot.js';
import { toOfficers, type ExpandContext } from './expand/expand-context.js';
import { toOutboxEntries, writeOutbox, type OutboxEntry } from './outbox.js';
import { createPartyDayActivities, upcomingPartyDays } from './party-day-activities.js';
import type { PlannedNotification } from './planned-notification.js';

export interface PlannerDeps {
  db: Db;
  calendar: HolidayCalendar;
  /** The time zone of branches without their own (ZHIBU_TIMEZONE). */
  defaultZone: string;
  log: Logger;
  /** Branches read at a time; a pass plans batches until every branch is planned or its time is spent. */
  batchSize?: number;
  /** How long one pass may keep planning (wall time); what is left waits for the next tick. */
  timeBudgetMs?: number;
  /** Branches whose reads run at once (default 4 on PostgreSQL, 1 on SQLite's single connection). */
  branchesAtOnce?: number;
}

export interface PlanSummary {
  branches: number;
  pending: number;
  skipped: number;
  activitiesCreated: number;
}

/** After downtime, the planner looks back at most this far; anything older is no longer useful. */
export const MAX_CATCH_UP_MS = 7 * 24 * 3600_000;
const DEFAULT_BATCH = 100;
const DEFAULT_TIME_BUDGET_MS = 40_000;

/**
 * One planning pass at `now`: for each branch, creates the party-day activities due a month
 * ahead and writes to the outbox every reminder due since the branch was last planned. The
 * database is the schedule: cron only makes this run, and running it twice plans once.
 */
export async function planReminders(deps: PlannerDeps, now: Date): Promise<PlanSummary> {
  const summary: PlanSummary = { branches: 0, pending: 0, skipped: 0, activitiesCreated: 0 };
  const startedAt = monotonicMs();
  const failed = new Set<number>();
  for (;;) {
    const batch = await branchesToPlan(deps.db, now, deps.batchSize ?? DEFAULT_BATCH, failed);
    if (batch.length === 0) break;
    await planBatch(deps, batch, now, summary, failed);
    if (monotonicMs() - startedAt > (deps.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS)) break;
  }
  return summary;
}

/**
 * Plans a batch of branches in three steps: where each stands (its party-day activities read
 * for the whole batch at once, the coming ones created), what each has due (the branches with
 * something to say share one read of members, accounts, roles and chats), and the writing: the
 * batch's outbox rows in a few statements and its cursors in one. A 09:00 tick over a thousand
 * branches so reads and commits tens of times, not thousands.
 */
async function planBatch(deps: PlannerDeps, batch: { branch: Organization; plannedThrough: Date | null }[], now: Date, summary: PlanSummary, failed: Set<number>): Promise<void> {
  const atOnce = deps.branchesAtOnce ?? (providerOfClient(deps.db) === 'postgresql' ? 4 : 1);
  // One branch's bad data must not stop the others; its cursor stays, so the next pass retries.
  const fail = (branchId: number, error: unknown) => {
    deps.log.error({ err: error, branchId }, 'planning a branch failed');
    failed.add(branchId);
  };
  const guarded = async <T>(branchId: number, work: () => Promise<T>): Promise<T | undefined> => work().catch((error: unknown) => {
    fail(branchId, error);
    return undefined;
  });

  const windows = batch.flatMap(({ branch, plannedThrough }) => {
    try {
      const settings = readBranchSettings(branch.settings, deps.defaultZone);
      const from = windowStart(plannedThrough, settings.timezone, now, deps.log, branch.id);
      return [{ branch, settings, from, isNew: plannedThrough === null, upcoming: upcomingPartyDays(settings, deps.calendar, now) }];
    } catch (error) {
      fail(branch.id, error);
      return [];
    }
  });
  const [partyDays, meetings] = await Promise.all([partyDayActivities(deps.db, windows, now), meetingsToAsk(deps.db, windows.map((w) => w.branch.id), new Date(Math.min(...windows.map((w) => w.from.getTime()))), now)]);
  const prepared: Prepared[] = [];
  await forEachAtOnce(windows, atOnce, async (w) => {
    const p = await guarded(w.branch.id, () => prepareBranch(deps, w, partyDays.get(w.branch.id) ?? [], meetings.get(w.branch.id) ?? [], now));
    if (p) prepared.push(p);
  });

  const audienceOf = batchAudience(deps.db, prepared.filter((p) => p.slots.length > 0 || p.created.length > 0).map((p) => p.branch.id));
  const planned: { branchId: number; isNew: boolean; entries: OutboxEntry[] }[] = [];
  await forEachAtOnce(prepared, atOnce, async (p) => {
    const entries = await guarded(p.branch.id, () => expandBranch({ db: deps.db, branch: p.branch, settings: p.settings, calendar: deps.calendar, audience: audienceOf(p.branch.id) }, p, now));
    if (entries) planned.push({ branchId: p.branch.id, isNew: p.isNew, entries });
  });
  if (planned.length === 0) return;
  try {
    const written = await writeOutbox(deps.db, planned.flatMap((p) => p.entries), now);
    await advanceCursors(deps.db, planned, now);
    summary.branches += planned.length;
    for (const e of written) summary[e.status] += 1;
  } catch (error) {
    // Nothing of the batch counts as planned; the cursors stay, the next pass plans it again
    // and the idempotency keys keep what did get written from being written twice.
    deps.log.error({ err: error, branches: planned.map((p) => p.branchId) }, 'writing a planning batch failed');
    for (const p of planned) failed.add(p.branchId);
  }
  summary.activitiesCreated += prepared.reduce((n, p) => n + p.created.length, 0);
}

interface BranchWindow {
  branch: Organization;
  settings: BranchSettings;
  /** The pass covers (from, now]. */
  from: Date;
  isNew: boolean;
  /** The rule's party days due to exist by now. */
  upcoming: PartyDay[];
}

interface Prepared extends BranchWindow {
  slots: ReminderSlot[];
  created: { activity: Activity; day: PartyDay }[];
}

/** A branch's reminder slots in (from, now], after creating the party-day activities now due. */
async function prepareBranch(deps: PlannerDeps, w: BranchWindow, activities: Activity[], meetings: MeetingFact[], now: Date): Promise<Prepared> {
  const created = await createPartyDayActivities(deps.db, w.branch.id, w.settings, w.upcoming, activities);
  const horizon = now.getTime() + REMINDER_LEAD_MS;
  const partyDays = [...activities, ...created.map((c) => c.activity)]
    .filter((a) => a.status === 'scheduled' && a.startsAt.getTime() > w.from.getTime() - TRAIL_MS && a.startsAt.getTime() <= horizon);
  return { ...w, created, slots: reminderSlots({ from: w.from, to: now, settings: w.settings, calendar: deps.calendar, partyDays, meetings }) };
}

/** What one prepared branch has to say, as outbox entries. */
async function expandBranch(ctx: ExpandContext, p: Prepared, now: Date): Promise<OutboxEntry[]> {
  const planned: PlannedNotification[] = [];
  for (const slot of p.slots) planned.push(...(await expandSlot(ctx, slot)));
  for (const { activity, day } of p.created.filter((c) => needsSecretaryAttention(c.day))) {
    planned.push(...(await toOfficers(ctx, SECRETARY_FIRST, 'party_day_scheduled', activity.occurrenceKey ?? String(activity.id), { dueAt: now, expiresAt: new Date(now.getTime() + MAX_CATCH_UP_MS) }, {
      title: '主题党日已自动安排',
      lines: [`${Number(day.month.slice(5))}月主题党日已按规则安排在${formatDateTimeZh(activity.startsAt, p.settings.timezone, now)}（活动 #${activity.id}）。`, ...shiftNotes(day)],
    })));
  }
  return toOutboxEntries(planned, p.settings.quiet, p.settings.timezone, now);
}

/** A party day's first reminder (the eve notice) comes at most this long before it starts. */
const REMINDER_LEAD_MS = 3 * 24 * 3600_000;
/** A party day's last reminder (the secretary's digest) comes this long after it starts. */
const TRAIL_MS = PARTY_DAY_DIGEST_AFTER_MINUTES * 60_000;

/**
 * In one query for the batch, each branch's party-day activities that matter to its pass over
 * (from, now]: those starting after `from` (their reminders, and the days already arranged)
 * or shortly before it (the digest after the party day), and those with the keys the rule is
 * about to use.
 */
async function partyDayActivities(db: Db, windows: readonly BranchWindow[], now: Date): Promise<Map<number, Activity[]>> {
  const byBranch = new Map<number, Activity[]>();
  if (windows.length === 0) return byBranch;
  const since = (w: BranchWindow) => new Date((w.from < now ? w.from : now).getTime() - TRAIL_MS);
  const earliest = new Date(Math.min(...windows.map((w) => since(w).getTime())));
  const keys = windows.flatMap((w) => w.upcoming.map((d) => d.occurrenceKey));
  const rows = await db.activity.findMany({
    where: { branchId: { in: windows.map((w) => w.branch.id) }, kind: 'party_day', OR: [{ startsAt: { gt: earliest } }, { occurrenceKey: { in: keys } }] },
    orderBy: { startsAt: 'asc' },
  });
  const windowOf = new Map(windows.map((w) => [w.branch.id, w]));
  for (const row of rows) {
    const w = windowOf.get(row.branchId);
    if (!w || !(row.startsAt > since(w) || w.upcoming.some((d) => d.occurrenceKey === row.occurrenceKey))) continue;
    const list = byBranch.get(row.branchId);
    if (list) list.push(row);
    else byBranch.set(row.branchId, [row]);
  }
  return byBranch;
}

/** Branches in need of planning, the longest unplanned first; a new branch counts as never planned. */
async function branchesToPlan(db: Db, now: Date, batchSize: number, failed: ReadonlySet<number>): Promise<{ branch: Organization; plannedThrough: Date | null }[]> {
  const [branches, cursors] = await Promise.all([
    db.organization.findMany({ where: { kind: 'branch', dissolvedAt: null }, orderBy: { id: 'asc' } }),
    db.plannerCursor.findMany(),
  ]);
  const through = new Map(cursors.map((c) => [c.branchId, c.plannedThrough]));
  return branches
    .map((branch) => ({ branch, plannedThrough: through.get(branch.id) ?? null }))
    .filter((b) => (b.plannedThrough === null || b.plannedThrough < now) && !failed.has(b.branch.id))
    .sort((a, b) => (a.plannedThrough?.getTime() ?? 0) - (b.plannedThrough?.getTime() ?? 0))
    .slice(0, batchSize);
}

/**
 * Where this pass starts for a branch: where the last one stopped (catch-up after downtime),
 * at most MAX_CATCH_UP_MS back; a branch never planned starts at the beginning of its day.
 */
function windowStart(plannedThrough: Date | null, zone: string, now: Date, log: Logger, branchId: number): Date {
  const start = plannedThrough ?? startOfLocalDay(localDate(now, zone), zone);
  const earliest = new Date(now.getTime() - MAX_CATCH_UP_MS);
  if (start >= earliest) return start;
  log.warn({ branchId, plannedThrough: start, catchUpFrom: earliest }, 'reminders were not planned for more than a week; older ones are dropped');
  return earliest;
}

/** Moves the cursors of planned branches on to `to`, creating those of branches never planned. */
async function advanceCursors(db: Db, planned: readonly { branchId: number; isNew: boolean }[], to: Date): Promise<void> {
  await db.plannerCursor.updateMany({ where: { branchId: { in: planned.map((p) => p.branchId) }, plannedThrough: { lt: to } }, data: { plannedThrough: to } });
  for (const { branchId } of planned.filter((p) => p.isNew)) {
    try {
      await db.plannerCursor.create({ data: { branchId, plannedThrough: to } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another process created it first; move it on if it is behind.
      await db.plannerCursor.updateMany({ where: { branchId, plannedThrough: { lt: to } }, data: { plannedThrough: to } });
    }
  }
}
