import type { Activity, Db, MeetingRecord, MeetingRecordRevision } from '../db/client.js';
import { loadActivityAttendance } from '../attendance/load-attendance.js';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import { formatTurnout, type AttendancePerson } from '../domain/attendance.js';
import { formatDateTimeZh, inBrackets } from '../domain/dates.js';
import { changedFields, MEETING_RECORD_FIELD_ZH } from '../domain/meeting-records.js';
import { accountOfKey } from './actor.js';
import type { BranchRef } from './branch-ref.js';
import type { OutgoingMessage } from './types.js';

/**
 * An activity's record as an inspector reads it: the activity, host and recorder, the
 * attendance model's answer (never typed), the content, and every version with who saved it.
 */
export async function meetingRecordView(db: Db, activity: Activity, record: (MeetingRecord & { revisions: MeetingRecordRevision[] }) | null, branch: BranchRef, now: Date): Promise<OutgoingMessage> {
  const attendance = await loadActivityAttendance(db, activity, now, branch.zone);
  const names = await memberNames(db, [record?.hostMemberId, record?.recorderMemberId]);
  const nameOf = (id: number | null | undefined) => (id ? (names.get(id) ?? `成员${id}`) : '未填写');
  const people = (list: AttendancePerson[]) => (list.length > 0 ? list.map((p) => p.name).join('、') : '无');
  const content = record?.content.trim() ? record.content.split('\n') : ['（尚未填写）'];
  const lines = [
    `${ACTIVITY_KINDS[activity.kind].nameZh}，${formatDateTimeZh(activity.startsAt, branch.zone, now)}${activity.place ? `，${activity.place}` : ''}`,
    ...(activity.theme && activity.theme !== record?.topic ? [`主题：${activity.theme}`] : []),
    `议题：${record?.topic ?? '未填写'}`,
    `主持人：${nameOf(record?.hostMemberId)} 记录人：${nameOf(record?.recorderMemberId)}`,
    `出席情况：${formatTurnout(attendance)}`,
    `实到：${people([...attendance.present, ...attendance.late])}`,
    `请假：${people(attendance.excused)}`,
    ...(attendance.leavePending.length > 0 ? [`请假（待审批）：${people(attendance.leavePending)}`] : []),
    `${attendance.isOpen ? '尚未签到' : '缺席'}：${people(attendance.isOpen ? attendance.notYet : attendance.absent)}`,
    '会议内容：',
    ...content,
  ];
  const latest = record?.revisions.reduce<MeetingRecordRevision | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
  if (latest && latest.fileCount > 0) lines.push(`照片和文件：${latest.fileCount} 个（导出台账时选 zip 可一并取得）`);
  if (record && record.revisions.length > 0) lines.push('', '修改记录：', ...(await historyLines(db, record.revisions, branch.zone, now)));
  return { title: `会议记录 #${activity.id} ${activity.title}`, lines };
}

/** "第2版（12月5日周六 10:00）李四：会议内容", one line per saved version. */
async function historyLines(db: Db, revisions: MeetingRecordRevision[], zone: string, now: Date): Promise<string[]> {
  const ordered = [...revisions].sort((a, b) => a.version - b.version);
  const savers = await accountNames(db, ordered.map((r) => r.savedBy));
  return ordered.map((revision, i) => {
    const previous = ordered[i - 1];
    const fields = previous ? changedFields(previous, revision).map((f) => MEETING_RECORD_FIELD_ZH[f]) : [];
    if (previous && revision.fileCount !== previous.fileCount) fields.push(`照片和文件（${revision.fileCount} 个）`);
    const what = previous ? fields.join('、') : '创建';
    return `第${revision.version}版${inBrackets(formatDateTimeZh(revision.savedAt, zone, now))}${savers.get(revision.savedBy) ?? revision.savedBy}：${what || '无变化'}`;
  });
}

async function memberNames(db: Db, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = ids.filter((id): id is number => typeof id === 'number');
  if (wanted.length === 0) return new Map();
  const rows = await db.member.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((m) => [m.id, m.name]));
}

/** The member names behind account keys; a key that names no account (an erased person's label) stays as it is. */
export async function accountNames(db: Db, keys: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const key of new Set(keys)) {
    const account = accountOfKey(key);
    if (!account) continue;
    const identity = await db.identity.findFirst({ where: { platform: account.platform, tenant: account.tenant, platformUserId: account.userId }, select: { member: { select: { name: true } } } });
    if (identity) result.set(key, identity.member.name);
  }
  return result;
}
