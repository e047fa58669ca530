import type { Workbook } from 'exceljs';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import type { LedgerData } from './load-ledger.js';
import { DATE_TIME_FORMAT, setColumns, sheetDateTime } from './sheet-style.js';

/** 组织生活记录: one row per activity held in the period, with counts and names. */
export function addActivitiesSheet(workbook: Workbook, data: LedgerData): void {
  const sheet = workbook.addWorksheet('组织生活记录');
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
    { header: '缺席', key: 'absentCount', width: 7 },
    { header: '出席人员', key: 'present', width: 30 },
    { header: '迟到人员', key: 'late', width: 16 },
    { header: '请假人员', key: 'excused', width: 16 },
    { header: '缺席人员', key: 'absent', width: 16 },
  ]);
  const names = (list: string[]) => (list.length > 0 ? list.join('、') : null);
  data.activities.forEach((a, i) => {
    const row = sheet.addRow({
      no: i + 1, kind: ACTIVITY_KINDS[a.kind].nameZh, title: a.title, at: sheetDateTime(a.startsAt, data.zone), place: a.place,
      expected: a.expected, attended: a.present.length + a.late.length, lateCount: a.late.length, excusedCount: a.excused.length,
      absentCount: a.absent.length, present: names(a.present), late: names(a.late), excused: names(a.excused),
      absent: a.absentExempt.length > 0 ? `${names(a.absent) ?? ''}（免督促未到：${names(a.absentExempt)}）` : names(a.absent),
    });
    row.alignment = { vertical: 'top', wrapText: true };
  });
}
