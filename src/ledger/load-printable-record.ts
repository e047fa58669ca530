import { DateTime } from 'luxon';
import { loadActivityAttendance } from '../attendance/load-attendance.js';
import type { Db } from '../db/client.js';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import type { AttendancePerson } from '../domain/attendance.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { WEEKDAYS_ZH } from '../domain/dates.js';
import { hasRecordContent } from '../domain/meeting-records.js';
import { nameAt } from '../org-tree/name-at.js';

/** One activity's meeting record as an office files it: every field in words, ready to lay out. */
export interface PrintableRecord {
  activityId: number;
  /** The branch's name when the activity was held (a later rename does not rewrite records). */
  branchName: string;
  kindZh: string;
  title: string;
  theme: string | null;
  /** "2026年12月4日（周五）15:00": a filed record always carries its year. */
  heldAt: string;
  place: string | null;
  host: string | null;
  recorder: string | null;
  /** The attendance model's answer; reasons are the members' own leave reasons. */
  expected: number;
  attended: number;
  present: string[];
  late: string[];
  excused: string[];
  leavePending: string[];
  absent: string[];
  /** While check-in is still open nobody is absent yet. */
  notYet: string[];
  exemptAbsent: string[];
  topic: string | null;
  /** Empty when nothing was written yet. */
  content: string[];
  /** "本记录于2026年12月7日（周一）09:00修改，共 2 版。" when a written record was changed afterwards. */
  revisionNote: string | null;
}

/** "2026年12月4日（周五）15:00" in `zone`. */
export function fullDateTimeZh(instant: Date, zone: string): string {
  const t = DateTime.fromJSDate(instant, { zone });
  return `${t.year}年${t.month}月${t.day}日（${WEEKDAYS_ZH[t.weekday - 1]}）${t.toFormat('HH:mm')}`;
}

/**
 * Reads what the printed record of one activity shows. Counts and names come from the
 * attendance model (`loadActivityAttendance`) at `now`; only the reasons written with leave
 * requests are read beside it, to annotate names the model placed.
 */
export async function loadPrintableRecord(db: Db, activityId: number, now: Date, defaultZone: string): Promise<PrintableRecord | null> {
  const activity = await db.activity.findUnique({
    where: { id: activityId },
    include: { branch: true, record: { include: { host: { select: { name: true } }, recorder: { select: { name: true } } } } },
  });
  if (!activity) return null;
  const zone = readBranchSettings(activity.branch.settings, defaultZone).timezone;
  const [attendance, reasons] = await Promise.all([
    loadActivityAttendance(db, activity, now, zone),
    db.checkIn.findMany({ where: { activityId, leaveReason: { not: null } }, select: { memberId: true, leaveReason: true } }),
  ]);
  const reasonOf = new Map(reasons.map((r) => [r.memberId, r.leaveReason]));
  const names = (list: AttendancePerson[]) => list.map((p) => p.name);
  const withReasons = (list: AttendancePerson[]) => list.map((p) => (reasonOf.get(p.id) ? `${p.name}（${reasonOf.get(p.id)}）` : p.name));
  const record = activity.record;
  return {
    activityId: activity.id,
    branchName: await nameAt(db, activity.branch, activity.startsAt),
    kindZh: ACTIVITY_KINDS[activity.kind].nameZh,
    title: activity.title,
    theme: activity.theme,
    heldAt: fullDateTimeZh(activity.startsAt, zone),
    place: activity.place,
    host: record?.host?.name ?? null,
    recorder: record?.recorder?.name ?? null,
    expected: attendance.expected,
    attended: attendance.attended,
    present: names(attendance.present),
    late: names(attendance.late),
    excused: withReasons(attendance.excused),
    leavePending: withReasons(attendance.leavePending),
    absent: withReasons(attendance.absent),
    notYet: names(attendance.notYet),
    exemptAbsent: names(attendance.exemptAbsent),
    topic: record?.topic ?? activity.theme,
    content: record && hasRecordContent(record) ? record.content.split('\n') : [],
    revisionNote: record?.editedAt ? `本记录于${fullDateTimeZh(record.editedAt, zone)}修改，共 ${record.version} 版。` : null,
  };
}
