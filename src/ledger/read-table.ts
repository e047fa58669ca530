import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './load-exceljs.js';

export class TableError extends Error {}

/** Files larger than this are refused unread: a branch roster is a few KB. */
export const MAX_TABLE_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 1000;

/**
 * The first sheet of an .xlsx file, or a CSV file (UTF-8, with or without the BOM Excel
 * writes), as rows of trimmed strings. Dates typed as dates in Excel become YYYY-MM-DD;
 * nothing else is interpreted here.
 */
export async function readTable(fileName: string, content: Buffer): Promise<string[][]> {
  if (content.length > MAX_TABLE_BYTES) throw new TableError(`文件太大（超过 ${MAX_TABLE_BYTES / 1024 / 1024} MB），名册文件通常只有几十 KB。`);
  const workbook = new (await loadExcelJs()).Workbook();
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (extension === 'xlsx') {
      await workbook.xlsx.load(content as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else if (extension === 'csv') {
      const text = content.toString('utf8').replace(/^\uFEFF/, '');
      if (text.includes('\uFFFD')) throw new TableError('CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为 CSV UTF-8”，或直接发送 .xlsx 文件。');
      // Every value as written: exceljs would otherwise turn numbers and dates into its own guesses.
      sheet = await workbook.csv.read(Readable.from([text]), { map: (value: unknown) => value });
    } else {
      throw new TableError(`只能导入 .xlsx 或 .csv 文件，「${fileName}」不是。`);
    }
  } catch (error) {
    if (error instanceof TableError) throw error;
    throw new TableError(`无法读取「${fileName}」：文件已损坏或不是${extension === 'csv' ? ' CSV' : ' Excel'} 文件。`);
  }
  if (!sheet) return [];
  if (sheet.rowCount > MAX_ROWS + 1) throw new TableError(`一次最多导入 ${MAX_ROWS} 行。`);
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, sheet.getRow(1).cellCount); c += 1) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}
