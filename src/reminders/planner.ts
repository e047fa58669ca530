import { isUniqueViolation, type Activity, type Db, type Organization } from '../db/client.js';
import { readBranchSettings, type BranchSettings } from '../domain/branch-settings.js';
import { startOfLocalDay } from '../domain/calendar/calendar-dates.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { needsSecretaryAttention, shiftNotes } from '../domain/calendar/party-day.js';
import { formatDateTimeZh, localDate } from '../domain/dates.js';
import { PARTY_DAY_DIGEST_AFTER_MINUTES, reminderSlots } from '../domain/reminders/reminder-slots.js';
import type { Logger } from '../logger.js';
import { branchAudience, SECRETARY_FIRST } from './branch-audience.js';
import { expandSlot } from './expand/expand-slot.js';
import { toOfficers, type ExpandContext } from './expand/expand-context.js';
import { toOutboxEntry, writeOutbox, type OutboxEntry } from './outbox.js';
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
  const startedAt = Date.now();
  const failed = new Set<number>();
  for (;;) {
    const batch = await branchesToPlan(deps.db, now, deps.batchSize ?? DEFAULT_BATCH, failed);
    if (batch.length === 0) break;
    await planBatch(deps, batch, now, summary, failed);
    if (Date.now() - startedAt > (deps.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS)) break;
  }
  return summary;
}

async function planBatch(deps: PlannerDeps, batch: { branch: Organization; plannedThrough: Date | null }[], now: Date, summary: PlanSummary, failed: Set<number>): Promise<void> {
  for (const { branch, plannedThrough } of batch) {
    try {
      const settings = readBranchSettings(branch.settings, deps.defaultZone);
      const from = windowStart(plannedThrough, settings.timezone, now, deps.log, branch.id);
      const { entries, activitiesCreated } = await planBranch(deps, branch, settings, from, now);
      const written = await writeOutbox(deps.db, entries);
      await advanceCursor(deps.db, branch.id, now);
      summary.branches += 1;
      summary.activitiesCreated += activitiesCreated;
      for (const e of written) summary[e.status] += 1;
    } catch (error) {
      // One branch's bad data must not stop the others; its cursor stays, so the next pass retries.
      deps.log.error({ err: error, branchId: branch.id }, 'planning a branch failed');
      failed.add(branch.id);
    }
  }
}

/** What one branch has due in (from, now], as outbox entries. Also creates the coming party-day activities. */
async function planBranch(deps: PlannerDeps, branch: Organization, settings: BranchSettings, from: Date, now: Date): Promise<{ entries: OutboxEntry[]; activitiesCreated: number }> {
  const { db, calendar } = deps;
  const upcoming = upcomingPartyDays(settings, calendar, now);
  const activities = await partyDayActivities(db, branch.id, from, now, upcoming.map((d) => d.occurrenceKey));
  const created = await createPartyDayActivities(db, branch.id, settings, upcoming, activities);
  const ctx: ExpandContext = { db, branch, settings, calendar, audience: branchAudience(db, branch.id) };
  const horizon = now.getTime() + REMINDER_LEAD_MS;
  const partyDays = [...activities, ...created.map((c) => c.activity)]
    .filter((a) => a.status === 'scheduled' && a.startsAt.getTime() > from.getTime() - TRAIL_MS && a.startsAt.getTime() <= horizon);
  const slots = reminderSlots({ from, to: now, settings, calendar, partyDays });
  const planned: PlannedNotification[] = [];
  for (const slot of slots) planned.push(...(await expandSlot(ctx, slot)));
  for (const { activity, day } of created.filter((c) => needsSecretaryAttention(c.day))) {
    planned.push(...(await toOfficers(ctx, SECRETARY_FIRST, 'party_day_scheduled', activity.occurrenceKey ?? String(activity.id), { dueAt: now, expiresAt: new Date(now.getTime() + MAX_CATCH_UP_MS) }, {
      title: '主题党日已自动安排',
      lines: [`${Number(day.month.slice(5))}月主题党日已按规则安排在 ${formatDateTimeZh(activity.startsAt, settings.timezone)}（活动 #${activity.id}）。`, ...shiftNotes(day)],
    })));
  }
  return { entries: planned.map((p) => toOutboxEntry(p, settings.quiet, settings.timezone, now)), activitiesCreated: created.length };
}

/** A party day's first reminder (the eve notice) comes at most this long before it starts. */
const REMINDER_LEAD_MS = 3 * 24 * 3600_000;
/** A party day's last reminder (the secretary's digest) comes this long after it starts. */
const TRAIL_MS = PARTY_DAY_DIGEST_AFTER_MINUTES * 60_000;

/**
 * In one query, the branch's party-day activities that matter to a pass over (from, now]:
 * those starting after `from` (their reminders, and the days already arranged), or shortly
 * before it (the digest after the party day), and those
 * with the keys the rule is about to use.
 */
async function partyDayActivities(db: Db, branchId: number, from: Date, now: Date, keys: string[]): Promise<Activity[]> {
  return db.activity.findMany({
    where: { branchId, kind: 'party_day', OR: [{ startsAt: { gt: new Date((from < now ? from : now).getTime() - TRAIL_MS) } }, { occurrenceKey: { in: keys } }] },
    orderBy: { startsAt: 'asc' },
  });
}

/** Branches in need of planning, the longest unplanned first; a new branch counts as never planned. */
async function branchesToPlan(db: Db, now: Date, batchSize: number, failed: ReadonlySet<number>): Promise<{ branch: Organization; plannedThrough: Date | null }[]> {
  const [branches, cursors] = await Promise.all([
    db.organization.findMany({ where: { kind: 'branch' }, orderBy: { id: 'asc' } }),
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

async function advanceCursor(db: Db, branchId: number, to: Date): Promise<void> {
  const moved = await db.plannerCursor.updateMany({ where: { branchId, plannedThrough: { lt: to } }, data: { plannedThrough: to } });
  if (moved.count > 0 || (await db.plannerCursor.count({ where: { branchId } })) > 0) return;
  try {
    await db.plannerCursor.create({ data: { branchId, plannedThrough: to } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another process created it first; move it on if it is behind.
    await db.plannerCursor.updateMany({ where: { branchId, plannedThrough: { lt: to } }, data: { plannedThrough: to } });
  }
}
