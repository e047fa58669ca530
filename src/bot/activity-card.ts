import type { Activity, Db } from '../db/client.js';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { formatDateTimeZh } from '../domain/dates.js';
import { loadActivityAttendance } from '../attendance/load-attendance.js';
import { refreshLiveMessages } from './live-messages.js';
import type { OutgoingMessage, Reply } from './types.js';

/** The live key of an activity's check-in card. */
export function activityCardKey(activityId: number): string {
  return `activity:${activityId}`;
}

/**
 * The check-in card an activity shows in its group: when and where, the live count from the
 * attendance model ("已签到 12 / 应到 30，请假 2" — counts only, never names) and a 签到 button;
 * a themed party day's theme, and the badge line unless the branch turned it off.
 */
export async function buildActivityCard(db: Db, activity: Activity, zone: string, now: Date): Promise<OutgoingMessage> {
  const a = await loadActivityAttendance(db, activity, now, zone);
  const branch = await db.organization.findUnique({ where: { id: activity.branchId }, select: { settings: true } });
  const { badge } = readBranchSettings(branch?.settings, zone);
  const pending = a.leavePending.length > 0 ? `，请假待批 ${a.leavePending.length}` : '';
  return {
    title: `${ACTIVITY_KINDS[activity.kind].nameZh}签到`,
    lines: [
      activity.title,
      ...(activity.theme ? [`主题：${activity.theme}`] : []),
      `时间：${formatDateTimeZh(activity.startsAt, zone, now)}${activity.place ? `，地点：${activity.place}` : ''}`,
      `已签到 ${a.attended} / 应到 ${a.expected}，请假 ${a.excused.length}${pending}`,
      ...(activity.kind === 'party_day' && badge ? ['请佩戴党员徽章。'] : []),
    ],
    buttons: [{ label: '签到', style: 'primary', action: { command: '签到', activityId: String(activity.id) } }],
    liveKey: activityCardKey(activity.id),
  };
}

/** Replies that bring every posted card of the activity up to date; none when no card was posted. */
export async function refreshActivityCards(db: Db, activity: Activity, zone: string, now: Date): Promise<Reply[]> {
  return refreshLiveMessages(db, activityCardKey(activity.id), () => buildActivityCard(db, activity, zone, now));
}
