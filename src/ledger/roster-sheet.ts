import type { Workbook } from 'exceljs';
import { DUES_CATEGORY_ZH } from '../domain/dues/categories.js';
import { MEMBER_STATUS_ZH } from '../domain/member-status.js';
import type { LedgerData } from './load-ledger.js';
import { DATE_FORMAT, setColumns, sheetDate, yuan, YUAN_FORMAT } from './sheet-style.js';

/** 党员名册: one row per person on the roster during the period. */
export function addRosterSheet(workbook: Workbook, data: LedgerData, sheetName = '党员名册'): void {
  const sheet = workbook.addWorksheet(sheetName);
  setColumns(sheet, [
    { header: '序号', key: 'no', width: 6 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '身份', key: 'status', width: 14 },
    { header: '入党日期', key: 'joinedAt', width: 12, numFmt: DATE_FORMAT },
    { header: '预备期开始', key: 'probation', width: 12, numFmt: DATE_FORMAT },
    { header: '转正日期', key: 'converted', width: 12, numFmt: DATE_FORMAT },
    { header: '党费类别', key: 'category', width: 12 },
    { header: '月党费（元）', key: 'dues', width: 12, numFmt: YUAN_FORMAT },
    { header: '备注', key: 'note', width: 24 },
  ]);
  data.members.forEach((m, i) => {
    const notes = [m.isExempt ? '免督促' : '', m.leftOn ? `${m.leftOn} 离开名册` : ''].filter(Boolean);
    sheet.addRow({
      no: i + 1, name: m.name, status: MEMBER_STATUS_ZH[m.status],
      joinedAt: sheetDate(m.joinedAt), probation: sheetDate(m.probationStartedAt), converted: sheetDate(m.convertedAt),
      category: DUES_CATEGORY_ZH[m.duesCategory], dues: yuan(m.duesMonthlyFen), note: notes.length > 0 ? notes.join('；') : null,
    });
  });
}
