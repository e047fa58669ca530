import type { Workbook, Worksheet } from 'exceljs';
import type { ScoreboardRow } from '../domain/digest/tree-scoreboard.js';
import { formatDateZh } from '../domain/dates.js';
import { addActivitiesSheet } from './activities-sheet.js';
import { addBirthdaysSheet } from './birthdays-sheet.js';
import { addDuesSheet } from './dues-sheet.js';
import { loadExcelJs } from './load-exceljs.js';
import type { LedgerFile } from './build-ledger-workbook.js';
import type { TreePack, PackBranch } from './load-tree-pack.js';
import { addMeetingRecordsSheet } from './meeting-records-sheet.js';
import { addRosterSheet } from './roster-sheet.js';
import { DATE_FORMAT, setColumns, sheetDate, yuan, YUAN_FORMAT } from './sheet-style.js';

/** Excel refuses longer sheet names. */
export const MAX_SHEET_NAME = 31;

/** Each branch's own ledger sheets in the pack, after the measures: the short name and the builder. */
const BRANCH_SHEETS = [
  ['名册', addRosterSheet],
  ['组织生活', addActivitiesSheet],
  ['会议记录', addMeetingRecordsSheet],
  ['党费', addDuesSheet],
  ['政治生日', addBirthdaysSheet],
] as const;

/** "001名册-预算科党支部", cut to 31 characters; the number keeps it unique and in order. */
export function branchSheetName(code: string, part: string, branchName: string): string {
  const safe = branchName.replace(/[[\]:*?/\\]/g, '_');
  return [...`${code}${part}-${safe}`].slice(0, MAX_SHEET_NAME).join('');
}

/**
 * The year-end pack as one workbook: a contents sheet, a sheet per measure with one row per
 * branch and a column per month, the terms of every organisation, then each branch's own
 * ledger sheets under its number, in tree order.
 */
export async function buildTreePack(pack: TreePack): Promise<LedgerFile> {
  const workbook = new (await loadExcelJs()).Workbook();
  workbook.creator = 'zhibu';
  workbook.created = pack.generatedAt;
  workbook.title = `${pack.rootNames.join('、')} ${pack.year}年度台账`;
  addContents(workbook, pack);
  addMeasure(workbook, pack, '主题党日', partyDayCell, [
    { header: '全年开展（次）', value: (rows) => sum(rows, (r) => r.partyDay.held) },
    { header: '全年应到（人次）', value: (rows) => sum(rows, (r) => r.partyDay.expected) },
    { header: '全年实到（人次）', value: (rows) => sum(rows, (r) => r.partyDay.attended) },
    { header: '全年出席率', value: (rows) => ratio(sum(rows, (r) => r.partyDay.attended), sum(rows, (r) => r.partyDay.expected)), numFmt: '0%' },
  ]);
  addMeasure(workbook, pack, '三会一课', (r) => `${r.cadence.done}/${r.cadence.owed}`, [
    { header: '全年已开（项）', value: (rows) => sum(rows, (r) => r.cadence.done) },
    { header: '全年应开（项）', value: (rows) => sum(rows, (r) => r.cadence.owed) },
    { header: '完成率', value: (rows) => ratio(sum(rows, (r) => r.cadence.done), sum(rows, (r) => r.cadence.owed)), numFmt: '0%' },
  ]);
  addMeasure(workbook, pack, '会议记录缺失', (r) => r.recordsMissing, [{ header: '全年缺（份）', value: (rows) => sum(rows, (r) => r.recordsMissing) }]);
  addMeasure(workbook, pack, '党费收缴', (r) => `${r.dues.paid}/${r.dues.due}`, [
    { header: '全年已收（元）', value: (rows) => yuan(sum(rows, (r) => r.dues.collectedFen)), numFmt: YUAN_FORMAT },
    { header: '全年核定（元）', value: (rows) => yuan(sum(rows, (r) => r.dues.assessedFen)), numFmt: YUAN_FORMAT },
  ]);
  addMeasure(workbook, pack, '连续3个月以上未缴', (r) => r.longUnpaid, [{ header: '年末（人）', value: (rows) => rows[rows.length - 1]?.longUnpaid ?? 0 }]);
  addMeasure(workbook, pack, '预备期将满', (r) => r.probationEnding, []);
  addMeasure(workbook, pack, '无活动天数', (r) => r.daysSinceActivity ?? '一年内无活动', [{ header: '30天以上无活动（月数）', value: (rows) => rows.filter((r) => r.isSilent).length }]);
  addTerms(workbook, pack);
  for (const branch of pack.branches) {
    for (const [part, add] of BRANCH_SHEETS) add(workbook, branch.ledger, branchSheetName(branch.code, part, branch.name));
  }
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { name: `${pack.rootNames.join('_').replace(/[\\/:*?"<>|\s]+/g, '_')}-年度台账-${pack.year}.xlsx`, content };
}

function addContents(workbook: Workbook, pack: TreePack): void {
  const sheet = workbook.addWorksheet('目录');
  setColumns(sheet, [
    { header: '编号', key: 'code', width: 7 },
    { header: '支部', key: 'name', width: 22 },
    { header: '上级组织', key: 'path', width: 36 },
    { header: '本支部工作表', key: 'sheets', width: 60 },
  ]);
  for (const b of pack.branches) sheet.addRow({ code: b.code, name: b.name, path: b.path, sheets: BRANCH_SHEETS.map(([part]) => branchSheetName(b.code, part, b.name)).join('、') });
}

type Cell = string | number | null;

/** A measure: one row per branch, a column per month, and the year's totals. */
function addMeasure(workbook: Workbook, pack: TreePack, title: string, monthCell: (r: ScoreboardRow) => Cell, totals: { header: string; value: (rows: ScoreboardRow[]) => Cell; numFmt?: string }[]): Worksheet {
  const sheet = workbook.addWorksheet(title);
  setColumns(sheet, [
    { header: '编号', key: 'code', width: 7 },
    { header: '支部', key: 'name', width: 22 },
    { header: '上级组织', key: 'path', width: 30 },
    ...pack.months.map((m) => ({ header: `${Number(m.slice(5))}月`, key: m, width: 9, ...(title === '主题党日' ? { numFmt: '0%' } : {}) })),
    ...totals.map((t, i) => ({ header: t.header, key: `total${i}`, width: 14, ...(t.numFmt ? { numFmt: t.numFmt } : {}) })),
  ]);
  for (const b of pack.branches) sheet.addRow(measureRow(b, pack.months, monthCell, totals));
  return sheet;
}

function measureRow(b: PackBranch, months: readonly string[], monthCell: (r: ScoreboardRow) => Cell, totals: { value: (rows: ScoreboardRow[]) => Cell }[]): Record<string, Cell> {
  const row: Record<string, Cell> = { code: b.code, name: b.name, path: b.path };
  months.forEach((m, i) => {
    const r = b.months[i];
    row[m] = r ? monthCell(r) : null;
  });
  totals.forEach((t, i) => {
    row[`total${i}`] = t.value(b.months);
  });
  return row;
}

/** A month's 主题党日: the attendance rate, or why there is none. */
function partyDayCell(r: ScoreboardRow): Cell {
  if (r.partyDay.held === 0) return '未开展';
  return r.partyDay.rate ?? '无应到人员';
}

function addTerms(workbook: Workbook, pack: TreePack): void {
  const sheet = workbook.addWorksheet('换届');
  setColumns(sheet, [
    { header: '组织', key: 'name', width: 22 },
    { header: '类型', key: 'kind', width: 9 },
    { header: '上级组织', key: 'path', width: 30 },
    { header: '任期开始', key: 'started', width: 12, numFmt: DATE_FORMAT },
    { header: '任期（年）', key: 'years', width: 9 },
    { header: '届满日期', key: 'ends', width: 12, numFmt: DATE_FORMAT },
    { header: '状态', key: 'state', width: 24 },
  ]);
  for (const t of pack.terms) {
    const state = t.state === 'unrecorded' ? '未登记任期' : t.state === 'overdue' ? `已超期（${formatDateZh(t.endsOn ?? '')}届满）` : t.state === 'this_year' ? `${pack.year}年届满` : '任期内';
    sheet.addRow({ name: t.name, kind: t.kindZh, path: t.path, started: sheetDate(t.startedOn), years: t.years, ends: sheetDate(t.endsOn), state });
  }
}

function sum(rows: readonly ScoreboardRow[], f: (r: ScoreboardRow) => number): number {
  return rows.reduce((n, r) => n + f(r), 0);
}

function ratio(part: number, whole: number): number | string {
  return whole === 0 ? '—' : part / whole;
}
