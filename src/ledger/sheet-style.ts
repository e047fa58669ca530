import type { Worksheet } from 'exceljs';
import { DateTime } from 'luxon';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
export const YUAN_FORMAT = '0.00';

/**
 * A calendar date (YYYY-MM-DD) as a spreadsheet date. Spreadsheets have no time zones: a
 * date is a serial day, which exceljs computes from the instant's UTC fields.
 */
export function sheetDate(date: string | null): Date | null {
  return date ? new Date(`${date}T00:00:00.000Z`) : null;
}

/** An instant as the wall-clock time of `zone`, as a spreadsheet date-time. */
export function sheetDateTime(instant: Date, zone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
}

/** Fen as yuan, a number a formula can add. */
export function yuan(fen: number | null): number | null {
  return fen === null ? null : fen / 100;
}

/**
 * Columns with Chinese headers, widths and number formats; a bold, filled header row that
 * stays in view when scrolling.
 */
export function setColumns(sheet: Worksheet, columns: { header: string; key: string; width: number; numFmt?: string }[]): void {
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}
