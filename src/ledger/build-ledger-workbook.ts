import { formatPeriod } from '../domain/ledger-period.js';
import { addActivitiesSheet } from './activities-sheet.js';
import { addBirthdaysSheet } from './birthdays-sheet.js';
import { addDuesSheet } from './dues-sheet.js';
import { addMeetingRecordsSheet } from './meeting-records-sheet.js';
import type { LedgerData } from './load-ledger.js';
import { loadExcelJs } from './load-exceljs.js';
import { addRosterSheet } from './roster-sheet.js';

/** The ledger as an .xlsx file: its name and bytes. */
export interface LedgerFile {
  name: string;
  content: Buffer;
}

/** Lays the ledger out as a workbook of five sheets (台账). */
export async function buildLedgerWorkbook(data: LedgerData): Promise<LedgerFile> {
  const workbook = new (await loadExcelJs()).Workbook();
  workbook.creator = 'zhibu';
  workbook.created = data.generatedAt;
  workbook.title = `${data.branchName} 台账 ${formatPeriod(data.period)}`;
  addRosterSheet(workbook, data);
  addActivitiesSheet(workbook, data);
  addMeetingRecordsSheet(workbook, data);
  addDuesSheet(workbook, data);
  addBirthdaysSheet(workbook, data);
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { name: ledgerFileName(data.branchName, formatPeriod(data.period)), content };
}

/** "第一党支部-台账-2026-11.xlsx", without characters file systems refuse. */
export function ledgerFileName(branchName: string, period: string): string {
  return `${branchName.replace(/[\\/:*?"<>|\s]+/g, '_')}-台账-${period}.xlsx`;
}
