import type { Activity, Db } from '../db/client.js';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import { formatDateTimeZh } from '../domain/dates.js';
import { refreshLiveMessages } from './live-messages.js';
import type { OutgoingMessage, Reply } from './types.js';

/** The live key of an activity's check-in card. */
export function activityCardKey(activityId: number): string {
  return `activity:${activityId}`;
}

/**
 * The check-in card an activity shows in its group: when and where, the live count
 * ("已签到 12 / 30，请假 2" — counts only, never names) and a 签到 button.
 */
export async function buildActivityCard(db: Db, activity: Activity, zone: string): Promise<OutgoingMessage> {
  const [expected, marks] = await Promise.all([
    db.member.count({ where: { branchId: activity.branchId, leftAt: null, status: { in: ['full', 'probationary'] } } }),
    db.checkIn.groupBy({ by: ['status'], where: { activityId: activity.id }, _count: { _all: true } }),
  ]);
  const count = (status: string) => marks.find((m) => m.status === status)?._count._all ?? 0;
  const [present, late, leave] = [count('present'), count('late'), count('leave')];
  return {
    title: `${ACTIVITY_KINDS[activity.kind].nameZh}签到`,
    lines: [
      activity.title,
      `时间：${formatDateTimeZh(activity.startsAt, zone)}${activity.place ? `，地点：${activity.place}` : ''}`,
      `已签到 ${present + late} / ${expected}，请假 ${leave}`,
      ...(activity.kind === 'party_day' ? ['请佩戴党员徽章。'] : []),
    ],
    buttons: [{ label: '签到', style: 'primary', action: { command: '签到', activityId: String(activity.id) } }],
    liveKey: activityCardKey(activity.id),
  };
}

/** Replies that bring every posted card of the activity up to date; none when no card was posted. */
export async function refreshActivityCards(db: Db, activity: Activity, zone: string): Promise<Reply[]> {
  return refreshLiveMessages(db, activityCardKey(activity.id), () => buildActivityCard(db, activity, zone));
}
