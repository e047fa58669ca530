import { termEndOf } from './calendar/committee-term.js';
import { isInWindow, parseIsoDate, windowZh, type IsoDate } from './dates.js';
import { parseOrganizationKind, placementProblem } from './organization-kinds.js';
import type { OrganizationKind } from './vocabulary.js';

/** One organisation of a tree spreadsheet, checked. */
export interface TreeRow {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  name: string;
  kind: OrganizationKind;
  parentName: string | null;
  secretary: string | null;
  termStarted: IsoDate | null;
  termYears: number | null;
}

/** The organisations that already exist, by name (live ones only). */
export type ExistingOrgs = ReadonlyMap<string, OrganizationKind>;

const HEADERS: Record<string, keyof Omit<TreeRow, 'row' | 'termYears'> | 'termEnded'> = {
  组织名称: 'name', 名称: 'name', name: 'name',
  类型: 'kind', kind: 'kind',
  上级组织: 'parentName', 上级: 'parentName', parent: 'parentName',
  书记: 'secretary', secretary: 'secretary',
  任期开始: 'termStarted', term_start: 'termStarted',
  任期结束: 'termEnded', term_end: 'termEnded',
};

const MAX_TERM_YEARS = 10;

/** Whether a spreadsheet's first row is a tree's (组织名称 and 类型), not a roster's. */
export function isTreeHeader(header: readonly string[]): boolean {
  const columns = columnsOf(header);
  return columns.includes('name') && columns.includes('kind');
}

function columnsOf(header: readonly string[]) {
  return header.map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()]);
}

/**
 * Reads and checks a whole tree spreadsheet: every bad row is reported with its row number
 * (unknown kind or parent, a parent that may not hold that kind, duplicate or existing names,
 * impossible dates, parents in a cycle). Rows come back parents first, ready to create.
 */
export function readTreeRows(table: readonly string[][], existing: ExistingOrgs): { ok: true; rows: TreeRow[] } | { ok: false; errors: string[] } {
  const [header, ...body] = table;
  const columns = columnsOf(header ?? []);
  if (!isTreeHeader(header ?? [])) return { ok: false, errors: ['第 1 行应为表头，至少包括「组织名称」和「类型」（可选：上级组织、书记、任期开始、任期结束）。'] };
  const errors: string[] = [];
  const rows: TreeRow[] = [];
  const firstRowOf = new Map<string, number>();
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const get = (key: string) => (cells[columns.indexOf(key as never)] ?? '').trim();
    const problems: string[] = [];
    const name = get('name');
    if (name.length < 2 || name.length > 40) problems.push('组织名称应为 2 到 40 个字');
    else if (firstRowOf.has(name)) problems.push(`组织名称「${name}」与第 ${firstRowOf.get(name) ?? 0} 行重复`);
    else if (existing.has(name)) problems.push(`「${name}」已经存在`);
    if (name) firstRowOf.set(name, firstRowOf.get(name) ?? row);
    const kind = parseOrganizationKind(get('kind'));
    if (!kind) problems.push(`不认识类型「${get('kind')}」，可选：工委、党委、总支、支部`);
    const started = get('termStarted');
    const ended = get('termEnded');
    const startedOn = started ? parseIsoDate(started) : undefined;
    const endedOn = ended ? parseIsoDate(ended) : undefined;
    let termYears: number | null = null;
    if (started && (!startedOn || !isInWindow(startedOn, 'schedule'))) problems.push(`任期开始「${started}」不是有效日期（写成 YYYY-MM-DD，${windowZh('schedule')}）`);
    if (ended && (!endedOn || !isInWindow(endedOn, 'schedule'))) problems.push(`任期结束「${ended}」不是有效日期（写成 YYYY-MM-DD，${windowZh('schedule')}）`);
    if (ended && !started) problems.push('写了任期结束，也请写上任期开始');
    if (startedOn && endedOn) {
      const years = Array.from({ length: MAX_TERM_YEARS }, (_, k) => k + 1).find((y) => termEndOf(startedOn, y) === endedOn);
      if (years === undefined) problems.push(`任期结束应在任期开始后整 1 到 ${MAX_TERM_YEARS} 年的同一天（例如 2024-03-01 至 2027-03-01）`);
      else termYears = years;
    }
    if (problems.length > 0) {
      errors.push(`第 ${row} 行：${problems.join('；')}。`);
      return;
    }
    rows.push({ row, name, kind: kind ?? 'branch', parentName: get('parentName') || null, secretary: get('secretary') || null, termStarted: startedOn ?? null, termYears });
  });
  const inFile = new Map(rows.map((r) => [r.name, r]));
  for (const r of rows) {
    if (r.parentName === null) continue;
    const parentKind = inFile.get(r.parentName)?.kind ?? existing.get(r.parentName);
    if (parentKind === undefined && !firstRowOf.has(r.parentName)) errors.push(`第 ${r.row} 行：没有找到上级组织「${r.parentName}」（表中和已有组织中都没有）。`);
    else if (parentKind !== undefined) {
      const problem = placementProblem(r.kind, parentKind);
      if (problem) errors.push(`第 ${r.row} 行：${problem}`);
    }
  }
  for (const r of rows) {
    const path = [r.name];
    for (let p = inFile.get(r.parentName ?? ''); p; p = inFile.get(p.parentName ?? '')) {
      if (path.includes(p.name)) {
        if (p.name === r.name) errors.push(`第 ${r.row} 行：上级组织形成循环（${[...path, p.name].join(' → ')}）。`);
        break;
      }
      path.push(p.name);
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => rowOf(a) - rowOf(b)) };
  if (rows.length === 0) return { ok: false, errors: ['表中没有组织。'] };
  return { ok: true, rows: parentsFirst(rows) };
}

function rowOf(error: string): number {
  return Number(/第 (\d+) 行/.exec(error)?.[1] ?? 0);
}

function parentsFirst(rows: readonly TreeRow[]): TreeRow[] {
  const names = new Set(rows.map((r) => r.name));
  const done = new Set<string>();
  const out: TreeRow[] = [];
  while (out.length < rows.length) {
    for (const r of rows) {
      if (done.has(r.name)) continue;
      if (r.parentName === null || !names.has(r.parentName) || done.has(r.parentName)) {
        out.push(r);
        done.add(r.name);
      }
    }
  }
  return out;
}
