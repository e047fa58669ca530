import type { Activity, Db } from '../db/client.js';
import { CommandError } from './command-error.js';

/** The activity whose check-in window holds `now`, the one starting nearest to `now` if several do. */
export async function openActivity(db: Db, branchId: number, now: Date): Promise<Activity | undefined> {
  const open = await db.activity.findMany({
    where: { branchId, status: 'scheduled', checkInOpensAt: { lte: now }, checkInClosesAt: { gte: now } },
    orderBy: { startsAt: 'asc' },
    take: 10,
  });
  const distance = (a: Activity) => Math.abs(a.startsAt.getTime() - now.getTime());
  return open.sort((a, b) => distance(a) - distance(b))[0];
}

/** The next scheduled activity whose check-in has not opened yet. */
export async function nextActivity(db: Db, branchId: number, now: Date): Promise<Activity | undefined> {
  const next = await db.activity.findFirst({
    where: { branchId, status: 'scheduled', checkInOpensAt: { gt: now } },
    orderBy: { startsAt: 'asc' },
  });
  return next ?? undefined;
}

/** The latest activity whose check-in has opened: what "the last activity" means for attendance. */
export async function latestStartedActivity(db: Db, branchId: number, now: Date): Promise<Activity | undefined> {
  const latest = await db.activity.findFirst({
    where: { branchId, status: 'scheduled', checkInOpensAt: { lte: now } },
    orderBy: { startsAt: 'desc' },
  });
  return latest ?? undefined;
}

/** An activity of the branch by its number, or a Chinese refusal naming the number. */
export async function branchActivity(db: Db, branch: { id: number; name: string }, activityId: number): Promise<Activity> {
  const activity = await db.activity.findFirst({ where: { id: activityId, branchId: branch.id } });
  if (!activity) throw new CommandError('not_found', `「${branch.name}」没有编号为 ${activityId} 的活动。用 /activity list 查看编号。`);
  return activity;
}
