import type { Workbook } from 'exceljs';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import type { AttendancePerson } from '../domain/attendance.js';
import type { LedgerData } from './load-ledger.js';
import { DATE_TIME_FORMAT, setColumns, sheetDateTime } from './sheet-style.js';

/**
 * 组织生活记录: one row per activity held in the period, with the attendance model's counts
 * and names. An activity still open has no absences yet: those who have not checked in are
 * 未签到. Leave a member approved for themselves is marked so.
 */
export function addActivitiesSheet(workbook: Workbook, data: LedgerData, sheetName = '组织生活记录'): void {
  const sheet = workbook.addWorksheet(sheetName);
  setColumns(sheet, [
    { header: '序号', key: 'no', width: 6 },
    { header: '类型', key: 'kind', width: 14 },
    { header: '主题', key: 'title', width: 24 },
    { header: '时间', key: 'at', width: 17, numFmt: DATE_TIME_FORMAT },
    { header: '地点', key: 'place', width: 16 },
    { header: '应到', key: 'expected', width: 7 },
    { header: '实到', key: 'attended', width: 7 },
    { header: '迟到', key: 'lateCount', width: 7 },
    { header: '请假', key: 'excusedCount', width: 7 },
    { header: '请假待批', key: 'pendingCount', width: 9 },
    { header: '缺席', key: 'absentCount', width: 7 },
    { header: '未签到（进行中）', key: 'notYetCount', width: 10 },
    { header: '出勤率', key: 'rate', width: 9, numFmt: '0%' },
    { header: '出席人员', key: 'present', width: 30 },
    { header: '迟到人员', key: 'late', width: 16 },
    { header: '请假人员', key: 'excused', width: 16 },
    { header: '请假待批人员', key: 'pending', width: 16 },
    { header: '缺席人员', key: 'absent', width: 16 },
    { header: '未签到人员', key: 'notYet', width: 16 },
  ]);
  const names = (list: AttendancePerson[], mark?: (p: AttendancePerson) => string) => (list.length > 0 ? list.map((p) => `${p.name}${mark?.(p) ?? ''}`).join('、') : null);
  data.activities.forEach((activity, i) => {
    const a = activity.attendance;
    const row = sheet.addRow({
      no: i + 1, kind: ACTIVITY_KINDS[activity.kind].nameZh, title: activity.title, at: sheetDateTime(activity.startsAt, data.zone), place: activity.place,
      expected: a.expected, attended: a.attended, lateCount: a.late.length, excusedCount: a.excused.length, pendingCount: a.leavePending.length,
      absentCount: a.absent.length, notYetCount: a.notYet.length, rate: a.rate ?? '无应到人员',
      present: names(a.present), late: names(a.late), excused: names(a.excused, (p) => (activity.selfApproved.includes(p.id) ? '（本人审批）' : '')),
      pending: names(a.leavePending),
      absent: a.exemptAbsent.length > 0 ? `${names(a.absent) ?? ''}（免督促未到：${names(a.exemptAbsent)}）` : names(a.absent),
      notYet: names(a.notYet),
    });
    row.alignment = { vertical: 'top', wrapText: true };
  });
}
