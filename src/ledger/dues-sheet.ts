import type { Workbook } from 'exceljs';
import type { LedgerData } from './load-ledger.js';
import { setColumns, yuan, YUAN_FORMAT } from './sheet-style.js';

/**
 * 党费收缴台账: one row per member who owed dues in the period, one column per month with
 * the confirmed amount; totals per member and per month are SUM formulas, so the sheet stays
 * right when someone corrects a cell. Months reported but not yet confirmed, and months
 * unpaid, are listed by name.
 */
export function addDuesSheet(workbook: Workbook, data: LedgerData, sheetName = '党费收缴台账'): void {
  const sheet = workbook.addWorksheet(sheetName);
  const monthKeys = data.months.map((_, i) => `m${i}`);
  setColumns(sheet, [
    { header: '序号', key: 'no', width: 6 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '月党费（元）', key: 'monthly', width: 12, numFmt: YUAN_FORMAT },
    ...data.months.map((month, i) => ({ header: `${Number(month.slice(5))}月`, key: monthKeys[i] ?? '', width: 9, numFmt: YUAN_FORMAT })),
    { header: '合计（元）', key: 'total', width: 12, numFmt: YUAN_FORMAT },
    { header: '待确认月份', key: 'reported', width: 16 },
    { header: '未缴月份', key: 'unpaid', width: 16 },
    { header: '本人确认月份', key: 'selfConfirmed', width: 16 },
  ]);
  const firstMonthCol = 4;
  const lastMonthCol = firstMonthCol + data.months.length - 1;
  const totalCol = lastMonthCol + 1;
  const letter = (col: number) => sheet.getColumn(col).letter;
  const monthsWhere = (row: LedgerData['dues'][number], test: (m: LedgerData['dues'][number]['months'][number]) => boolean) =>
    data.months.filter((_, i) => test(row.months[i])).map((m) => `${Number(m.slice(5))}月`).join('、') || null;
  const monthsWith = (row: LedgerData['dues'][number], status: string) => monthsWhere(row, (m) => m?.status === status);

  data.dues.forEach((row, i) => {
    const values: Record<string, unknown> = { no: i + 1, name: row.name, monthly: yuan(row.monthlyFen), reported: monthsWith(row, 'reported'), unpaid: monthsWith(row, 'unpaid'),
      // An officer who confirmed their own dues with no other officer to ask: the ledger says so.
      selfConfirmed: monthsWhere(row, (m) => m?.isSelfConfirmed === true) };
    let total = 0;
    row.months.forEach((month, j) => {
      if (month?.status !== 'confirmed' || month.paidFen === null) return;
      values[monthKeys[j] ?? ''] = yuan(month.paidFen);
      total += month.paidFen;
    });
    const added = sheet.addRow(values);
    added.getCell(totalCol).value = { formula: `SUM(${letter(firstMonthCol)}${added.number}:${letter(lastMonthCol)}${added.number})`, result: total / 100 };
  });

  const firstRow = 2;
  const lastRow = sheet.rowCount;
  const totals = sheet.addRow({ name: '合计' });
  totals.font = { bold: true };
  for (let col = firstMonthCol; col <= totalCol; col += 1) {
    const result = data.dues.reduce((sum, row) => {
      const months = col === totalCol ? row.months : [row.months[col - firstMonthCol]];
      return sum + months.reduce((s, m) => s + (m?.status === 'confirmed' ? m.paidFen ?? 0 : 0), 0);
    }, 0);
    totals.getCell(col).value = lastRow >= firstRow
      ? { formula: `SUM(${letter(col)}${firstRow}:${letter(col)}${lastRow})`, result: result / 100 }
      : 0;
  }
}
