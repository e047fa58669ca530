import type { Workbook } from 'exceljs';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import type { AttendancePerson } from '../domain/attendance.js';
import { hasRecordContent } from '../domain/meeting-records.js';
import type { LedgerData } from './load-ledger.js';
import { DATE_TIME_FORMAT, setColumns, sheetDateTime } from './sheet-style.js';

/**
 * 会议记录: one row per activity held in the period, as an inspector reads a meeting record:
 * when, what (its title and a themed party day's theme), where, host and recorder, the
 * attendance model's counts and names (never typed into the record), the topic and content,
 * the number of photos and files kept with it (the .zip export carries them), and whether a
 * written record was changed later.
 * An activity without content says 未记录, so a gap shows rather than hides.
 */
export function addMeetingRecordsSheet(workbook: Workbook, data: LedgerData, sheetName = '会议记录'): void {
  const sheet = workbook.addWorksheet(sheetName);
  setColumns(sheet, [
    { header: '序号', key: 'no', width: 6 },
    { header: '时间', key: 'at', width: 17, numFmt: DATE_TIME_FORMAT },
    { header: '类型', key: 'kind', width: 14 },
    { header: '活动名称', key: 'title', width: 20 },
    { header: '主题', key: 'theme', width: 20 },
    { header: '地点', key: 'place', width: 14 },
    { header: '主持人', key: 'host', width: 10 },
    { header: '记录人', key: 'recorder', width: 10 },
    { header: '应到', key: 'expected', width: 7 },
    { header: '实到', key: 'attended', width: 7 },
    { header: '迟到', key: 'lateCount', width: 7 },
    { header: '请假', key: 'excusedCount', width: 7 },
    { header: '缺席', key: 'absentCount', width: 7 },
    { header: '实到人员', key: 'attendedNames', width: 24 },
    { header: '迟到人员', key: 'lateNames', width: 14 },
    { header: '请假人员', key: 'excusedNames', width: 14 },
    { header: '缺席人员', key: 'absentNames', width: 14 },
    { header: '议题', key: 'topic', width: 24 },
    { header: '会议内容', key: 'content', width: 60 },
    { header: '照片和文件', key: 'files', width: 10 },
    { header: '记录后修改', key: 'edited', width: 20 },
  ]);
  const names = (list: AttendancePerson[]) => (list.length > 0 ? list.map((p) => p.name).join('、') : null);
  data.activities.forEach((activity, i) => {
    const a = activity.attendance;
    const record = activity.record;
    // While check-in is open nobody is absent yet: those not checked in are named as such.
    const absent = a.isOpen ? (a.notYet.length > 0 ? `（签到进行中，未签到：${names(a.notYet)}）` : null) : names(a.absent);
    const row = sheet.addRow({
      no: i + 1, at: sheetDateTime(activity.startsAt, data.zone), kind: ACTIVITY_KINDS[activity.kind].nameZh, title: activity.title, theme: activity.theme, place: activity.place,
      host: record?.hostName ?? null, recorder: record?.recorderName ?? null,
      expected: a.expected, attended: a.attended, lateCount: a.late.length, excusedCount: a.excused.length, absentCount: a.absent.length,
      attendedNames: names([...a.present, ...a.late]), lateNames: names(a.late), excusedNames: names(a.excused), absentNames: absent,
      topic: record?.topic ?? null,
      content: hasRecordContent(record) ? record?.content : '未记录',
      files: record?.files.length ?? 0,
      edited: record?.editedAt ? `是（${formatLocal(record.editedAt, data.zone)} 最后修改，共 ${record.version} 版）` : null,
    });
    row.alignment = { vertical: 'top', wrapText: true };
  });
}

function formatLocal(instant: Date, zone: string): string {
  return sheetDateTime(instant, zone).toISOString().slice(0, 16).replace('T', ' ');
}
