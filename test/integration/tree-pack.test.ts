// The upper level's year-end pack: built from the tree made through commands and a simulated
// November, its measures checked against the records and its branch sheets against each
// branch's own ledger.
import { describe, expect, it } from 'vitest';
import { exportLedger } from '../../src/ledger/export-ledger.js';
import { exportTreePack } from '../../src/ledger/export-tree-pack.js';
import { chatText, createTestChat } from '../support/chat.js';
import { fileOf, openWorkbook, rawCells, type RawCell } from '../support/ledger-workbook.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';
import { buildTreeByCommands, sh, simulateNovember, TREE_ADMIN } from '../support/tree-month.js';

const value = (sheet: Map<string, RawCell> | undefined, ref: string) => sheet?.get(ref)?.value ?? null;

/** The row of `sheet` whose column B (支部) is `name`. */
function rowOf(sheet: Map<string, RawCell> | undefined, strings: string[], name: string): number {
  for (const [ref, cell] of sheet ?? []) {
    if (ref.startsWith('B') && cell.value !== null && strings[Number(cell.value)] === name) return Number(ref.slice(1));
  }
  throw new Error(`no row for ${name}`);
}

describe.each(testProviders())('the year-end pack on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('has a sheet per measure and each branch\'s ledgers under its number, its numbers those of the records', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    const now = sh('2026-12-01T09:00');
    const progress: string[] = [];
    const file = await exportTreePack(db, { rootIds: 'all', year: 2026, now, defaultZone: 'Asia/Shanghai', actor: 'cli:test', via: 'cli', onProgress: (done, total, name) => progress.push(`${done}/${total} ${name}`) });
    expect(file.name).toBe('区直机关工委-年度台账-2026.xlsx');
    expect(file).toMatchObject({ branches: 12, members: 9 });
    expect(progress).toHaveLength(12);
    expect(progress[11]).toMatch(/^12\/12 /u);

    const cells = await rawCells(file.content);
    const names = [...cells.keys()];
    expect(names.slice(0, 10)).toEqual(['目录', '主题党日', '三会一课', '会议记录缺失', '党费收缴', '连续3个月以上未缴', '预备期将满', '无活动天数', '换届', '001名册-财政办公室党支部']);
    expect(names).toHaveLength(9 + 12 * 5);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => [...n].length <= 31)).toBe(true);

    // Shared strings: exceljs writes text cells as indexes into one table.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(file.content);
    const strings = [...((await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '').matchAll(/<si><t[^>]*>(.*?)<\/t><\/si>/g)].map((m) => m[1] ?? '');

    // Columns: 编号, 支部, 上级组织, then January (D) to December (O), then the totals.
    const partyDay = cells.get('主题党日');
    const stats = rowOf(partyDay, strings, '统计局党支部');
    expect(Number(value(partyDay, `N${stats}`))).toBeCloseTo(1 / 3);
    expect(value(partyDay, `P${stats}`)).toBe('1');
    expect(value(partyDay, `Q${stats}`)).toBe('3');
    expect(value(partyDay, `R${stats}`)).toBe('1');
    const treasury = rowOf(partyDay, strings, '国库科党支部');
    expect(value(partyDay, `L${treasury}`)).toBe('0');
    expect(strings[Number(value(partyDay, `N${treasury}`))]).toBe('未开展');

    const dues = cells.get('党费收缴');
    const budget = rowOf(dues, strings, '预算科党支部');
    expect(strings[Number(value(dues, `N${budget}`))]).toBe('4/4');
    // June to November, 4 members at 50.00 元.
    expect(value(dues, `P${budget}`)).toBe('1200');
    const cadence = cells.get('三会一课');
    expect(strings[Number(value(cadence, `N${rowOf(cadence, strings, '统计局党支部')}`))]).toBe('1/2');
    const unpaid = cells.get('连续3个月以上未缴');
    expect(value(unpaid, `N${rowOf(unpaid, strings, '国库科党支部')}`)).toBe('2');

    // Each branch's sheets are its own year ledger, cell for cell.
    const contents = cells.get('目录');
    const code = strings[Number(value(contents, `A${rowOf(contents, strings, '预算科党支部')}`))];
    const branch = await db.organization.findUniqueOrThrow({ where: { name: '预算科党支部' } });
    const own = await openWorkbook((await exportLedger(db, { branchId: branch.id, period: { kind: 'year', year: 2026 }, now, defaultZone: 'Asia/Shanghai', actor: 'cli:test', via: 'cli' })).content);
    const packed = await openWorkbook(file.content);
    const values = (book: Awaited<ReturnType<typeof openWorkbook>>, sheet: string) => JSON.stringify(book.getWorksheet(sheet)?.getSheetValues());
    for (const [part, sheet] of [['名册', '党员名册'], ['组织生活', '组织生活记录'], ['会议记录', '会议记录'], ['党费', '党费收缴台账'], ['政治生日', '政治生日']] as const) {
      expect(values(packed, `${code}${part}-预算科党支部`)).toBe(values(own, sheet));
    }
    expect(values(packed, `${code}名册-预算科党支部`)).toContain('孔一');

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'tree.export' } });
    expect(audit.detail).toEqual({ year: 2026, via: 'cli', file: '区直机关工委-年度台账-2026.xlsx', branches: 12, members: 9 });
  });

  it('/export tree year=2026 sends the pack in private to an admin; a later year and a secretary are refused', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    const chat = createTestChat(db, { now: sh('2026-12-01T09:00'), admins: [`console:${TREE_ADMIN}`] });
    const replies = await chat.say(TREE_ADMIN, '/export tree year=2026', { chat: 'p2p' });
    expect(chatText(replies)).toContain('2026年度台账（下辖 12 个支部）');
    expect((await rawCells(fileOf(replies))).has('换届')).toBe(true);
    expect(chatText(await chat.say(TREE_ADMIN, '/export tree year=2027', { chat: 'p2p' }))).toContain('2027年还没到，没有可导出的年度台账。');
    expect(await db.auditLog.count({ where: { action: 'tree.export' } })).toBe(1);
  });
});
