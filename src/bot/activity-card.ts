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
  const [expected, present, late, leave] = await Promise.all([
    db.member.count({ where: { branchId: activity.branchId, leftAt: null, status: { in: ['full', 'probationary'] } } }),
    db.checkIn.count({ where: { activityId: activity.id, status: 'present' } }),
    db.checkIn.count({ where: { activityId: activity.id, status: 'late' } }),
    db.checkIn.count({ where: { activityId: activity.id, status: 'leave' } }),
  ]);
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

/** Replies that bring every posted card of the activity up to date. */
export async function refreshActivityCards(db: Db, activity: Activity, zone: string): Promise<Reply[]> {
  return refreshLiveMessages(db, activityCardKey(activity.id), await buildActivityCard(db, activity, zone));
}
