import { formatDateTimeZh, inBrackets } from '../../domain/dates.js';
import { isRecordOverdue, type SlotOf } from '../../domain/reminders/reminder-slots.js';
import { SECRETARY_FIRST } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toMembers, type ExpandContext } from './expand-context.js';

/**
 * A meeting without a record, the day after and on the third day: in private to the recorder
 * named for it (a current member with an account), else the secretary. Read at the due time,
 * so once the content is written nobody is asked; saving a record also skips asks still waiting.
 */
export async function expandRecordReminder(ctx: ExpandContext, slot: SlotOf<'record_missing'>): Promise<PlannedNotification[]> {
  const { activity } = slot;
  const record = await ctx.db.meetingRecord.findUnique({ where: { activityId: activity.id }, select: { content: true, recorderMemberId: true } });
  if (!isRecordOverdue(activity, record, ctx.settings.timezone, slot.dueAt)) return [];
  const current = await ctx.audience.members();
  const recorder = current.find((m) => m.id === record?.recorderMemberId);
  const reachable = recorder ? await ctx.audience.privately([recorder.id]) : new Map();
  const to = recorder && reachable.has(recorder.id) ? [recorder.id] : await ctx.audience.officers(SECRETARY_FIRST);
  const when = formatDateTimeZh(activity.startsAt, ctx.settings.timezone, slot.dueAt);
  const isRecorder = recorder !== undefined && to[0] === recorder.id;
  return toMembers(ctx, 'record_missing', slot.occurrence, { dueAt: slot.dueAt, expiresAt: slot.expiresAt }, to.map((id) => ({ id })), () => ({
    title: '会议记录提醒',
    lines: [
      `活动 #${activity.id}「${activity.title}」${inBrackets(when)}还没有会议记录${isRecorder ? '，你是这次活动的记录人' : ''}。`,
      `请发送：/record ${activity.id} topic=议题 host=@主持人 recorder=@记录人，换行后写会议内容；出席情况按签到自动填写。`,
    ],
  }));
}
