import { hostname } from 'node:os';
import { dispatchDue, type DispatcherDeps, type DispatchSummary } from './dispatcher.js';
import { loadHolidayCalendar } from './load-holiday-calendar.js';
import { planOrganizationTermNotices } from './organization-term-notices.js';
import { planReminders, type PlanSummary } from './planner.js';
import { planTreeScoreboards } from './tree-scoreboard-notices.js';

export type TickDeps = Omit<DispatcherDeps, 'workerId'> & { workerId?: string };

export interface TickSummary {
  planned: PlanSummary;
  dispatched: DispatchSummary;
}

/** A worker id for this process: several bot processes may share one database. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * One reminder pass at `now`: plan what is due into the outbox, then send what the outbox
 * holds. What `zhibu tick --at` and every scheduler tick run.
 */
export async function runReminderTick(deps: TickDeps, now: Date): Promise<TickSummary> {
  const calendar = await loadHolidayCalendar(deps.db);
  const branches = await planReminders({ ...deps, calendar }, now);
  // Organisations of every kind: term notices to their officers and to the level above.
  // and, on the 1st, the month's scoreboard to the officers of every 工委, 党委 and 总支.
  const upper = (await planOrganizationTermNotices(deps.db, now, deps.defaultZone)) + (await planTreeScoreboards(deps.db, now, deps.defaultZone));
  const planned = { ...branches, pending: branches.pending + upper };
  deps.metrics?.notifications.inc({ kind: 'all', status: 'planned' }, planned.pending);
  deps.metrics?.notifications.inc({ kind: 'all', status: 'skipped_at_planning' }, planned.skipped);
  const dispatched = await dispatchDue({ ...deps, workerId: deps.workerId ?? newWorkerId() }, now);
  return { planned, dispatched };
}
