import type { Workbook } from 'exceljs';
import { describeYears } from '../domain/calendar/political-birthday.js';
import type { LedgerData } from './load-ledger.js';
import { DATE_FORMAT, setColumns, sheetDate } from './sheet-style.js';

/** 政治生日: the year's political birthdays of the members on the roster, by date. */
export function addBirthdaysSheet(workbook: Workbook, data: LedgerData, sheetName = '政治生日'): void {
  const sheet = workbook.addWorksheet(sheetName);
  setColumns(sheet, [
    { header: '序号', key: 'no', width: 6 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '入党日期', key: 'joinedAt', width: 12, numFmt: DATE_FORMAT },
    { header: '政治生日', key: 'birthday', width: 12, numFmt: DATE_FORMAT },
    { header: '入党年数', key: 'years', width: 10 },
    { header: '备注', key: 'note', width: 16 },
  ]);
  data.birthdays.forEach((b, i) => {
    sheet.addRow({ no: i + 1, name: b.name, joinedAt: sheetDate(b.joinedAt), birthday: sheetDate(b.birthday), years: b.years, note: describeYears(b.years) });
  });
}
