import type { Db } from '../db/client.js';
import { RECORD_REMINDER_DAYS, type MeetingFact } from '../domain/reminders/reminder-slots.js';

/** A record reminder comes at most this long after its activity's start (the third day, 09:00). */
const RECORD_TRAIL_MS = (Math.max(...RECORD_REMINDER_DAYS) + 1) * 24 * 3600_000;

/**
 * In one query, the activities of some branches that may be asked for a meeting record by a
 * reminder due in (from, through]: those that started in the few days before `through`. The
 * planner asks it for a batch up to now, `/remind preview` for one branch's day; whether each
 * has its record is read when a reminder is due.
 */
export async function meetingsToAsk(db: Db, branchIds: readonly number[], from: Date, through: Date): Promise<Map<number, MeetingFact[]>> {
  const byBranch = new Map<number, MeetingFact[]>();
  if (branchIds.length === 0) return byBranch;
  const rows = await db.activity.findMany({
    where: { branchId: { in: [...branchIds] }, status: 'scheduled', startsAt: { gt: new Date(from.getTime() - RECORD_TRAIL_MS), lte: through } },
    select: { id: true, branchId: true, kind: true, status: true, title: true, startsAt: true },
    orderBy: { startsAt: 'asc' },
  });
  for (const { branchId, ...meeting } of rows) byBranch.set(branchId, [...(byBranch.get(branchId) ?? []), meeting]);
  return byBranch;
}
