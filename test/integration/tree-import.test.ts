// The whole tree from one spreadsheet: all or nothing, every bad row named in Chinese with its
// number; and the tree so imported gives the same scoreboard as the one built through commands.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { loadTreeScoreboard } from '../../src/digest/load-tree-scoreboard.js';
import { runOrgCli } from '../../src/org-tree/run-org-cli.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';
import { buildTreeByCommands, sh, simulateNovember } from '../support/tree-month.js';

const HEADER = '组织名称,类型,上级组织,书记,任期开始,任期结束';
const TREE_CSV = [
  HEADER,
  '区直机关工委,工委,,,,',
  '财政局机关党委,党委,区直机关工委,,2022-03-01,2027-03-01',
  '教育局机关党委,党委,区直机关工委,,,',
  // A child before its parent: the order of rows does not matter.
  '预算科党支部,支部,财政局机关党总支,周书记,2024-06-01,2027-06-01',
  '财政局机关党总支,总支,财政局机关党委,,2023-09-01,',
  '国库科党支部,支部,财政局机关党总支,,,',
  ...['办公室', '税政科'].map((n) => `财政${n}党支部,支部,财政局机关党委,,,`),
  ...['基教科', '职教科', '办公室'].map((n) => `教育${n}党支部,支部,教育局机关党委,,,`),
  ...['统计局', '审计局', '信访局', '档案馆', '机关事务中心'].map((n) => `${n}党支部,支部,区直机关工委,,,`),
].join('\n');

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'zhibu-tree-')), name);
  writeFileSync(path, content);
  return path;
}

async function importFile(db: Db, path: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOrgCli(db, {
    positionals: ['import', path], values: {}, now: sh('2026-10-20T10:00'), defaultZone: 'Asia/Shanghai',
    who: { actor: 'cli:operator', actorMemberId: null }, out: (l) => out.push(l), err: (l) => err.push(l), confirm: async () => true,
  });
  return { code, out, err };
}

describe.each(testProviders())('the tree import on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('creates the whole tree from a CSV, parents first, with terms and secretaries, audited; the scoreboard is that of the tree built by commands', async () => {
    const db = t().db;
    const { code, out } = await importFile(db, tempFile('tree.csv', `\uFEFF${TREE_CSV}`));
    expect(code).toBe(0);
    expect(out).toEqual(['已从「tree.csv」导入 16 个组织。']);
    const committee = await db.organization.findUniqueOrThrow({ where: { name: '财政局机关党委' }, include: { parent: true } });
    expect(committee).toMatchObject({ kind: 'committee', parent: { name: '区直机关工委' }, settings: { termStarted: '2022-03-01', termYears: 5 } });
    const budget = await db.organization.findUniqueOrThrow({ where: { name: '预算科党支部' }, include: { parent: true } });
    expect(budget).toMatchObject({ kind: 'branch', parent: { name: '财政局机关党总支' }, settings: { termStarted: '2024-06-01', termYears: 3 } });
    const secretary = await db.member.findFirstOrThrow({ where: { name: '周书记' }, include: { roleGrants: true } });
    expect(secretary.branchId).toBe(budget.id);
    expect(secretary.roleGrants.map((g) => [g.role, g.organizationId])).toEqual([['secretary', budget.id]]);
    expect(await db.auditLog.count({ where: { action: 'organization.create', actor: 'cli:operator' } })).toBe(16);

    // The same month in the imported tree reads as in the tree built by commands (周书记 aside, who is on 预算科's roster).
    await db.member.update({ where: { id: secretary.id }, data: { leftAt: sh('2026-10-21T10:00') } });
    await simulateNovember(db);
    const imported = await loadTreeScoreboard(db, 'all', '2026-11', sh('2026-12-01T09:00'), 'Asia/Shanghai');
    const other = (await import('../support/test-database.js')).createTestDatabase;
    const fresh = await other(provider);
    try {
      await buildTreeByCommands(fresh.db);
      await simulateNovember(fresh.db);
      const built = await loadTreeScoreboard(fresh.db, 'all', '2026-11', sh('2026-12-01T09:00'), 'Asia/Shanghai');
      const strip = (rows: typeof built.rows) => rows.map(({ term: _term, score: _score, problems, ...rest }) => ({ ...rest, problems: problems.filter((p) => !p.includes('换届')) }));
      expect(strip(imported.rows)).toEqual(strip(built.rows));
    } finally {
      await fresh.close();
    }
  });

  it('imports an .xlsx file too', async () => {
    const db = t().db;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('组织');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['机关工委', '工委']);
    sheet.addRow(['第一党支部', '支部', '机关工委', '', new Date('2025-01-10T00:00:00Z'), new Date('2028-01-10T00:00:00Z')]);
    const { code, out } = await importFile(db, tempFile('tree.xlsx', Buffer.from(await book.xlsx.writeBuffer())));
    expect({ code, out }).toEqual({ code: 0, out: ['已从「tree.xlsx」导入 2 个组织。'] });
    expect((await db.organization.findUniqueOrThrow({ where: { name: '第一党支部' } })).settings).toEqual({ termStarted: '2025-01-10', termYears: 3 });
  });

  it('imports nothing when any row is bad, and names every bad row in Chinese', async () => {
    const db = t().db;
    await db.organization.create({ data: { name: '已有党委', kind: 'committee' } });
    const csv = [
      HEADER,
      '区直机关工委,工委,,,,',
      '某党委,党委,不存在的上级,,,',
      '某总支,总支,区直机关工委,,2026-02-30,',
      '某总支,总支,区直机关工委,,,',
      '某支部,支部,区直机关工委,,2024-03-01,2026-05-01',
      '某党委二,党委,某总支二,,,',
      '某总支二,总支,区直机关工委,,,',
      '已有党委,党委,区直机关工委,,,',
      '甲总支,总支,乙总支,,,',
      '乙总支,总支,甲总支,,,',
      '某工委,乡镇党委,,,,',
    ].join('\n');
    const before = await rowCounts(db);
    const { code, err } = await importFile(db, tempFile('bad.csv', csv));
    expect(code).toBe(1);
    expect(err).toEqual([
      '「bad.csv」没有导入，组织未作任何改动。请改正后重新导入：',
      '第 3 行：没有找到上级组织「不存在的上级」（表中和已有组织中都没有）。',
      '第 4 行：任期开始「2026-02-30」不是有效日期（写成 YYYY-MM-DD，须在2000年至2100年之间）。',
      '第 5 行：组织名称「某总支」与第 4 行重复。',
      '第 6 行：任期结束应在任期开始后整 1 到 10 年的同一天（例如 2024-03-01 至 2027-03-01）。',
      '第 7 行：党总支下面只能设党支部，不能设党委。',
      '第 9 行：「已有党委」已经存在。',
      '第 10 行：党总支下面只能设党支部，不能设党总支。',
      '第 10 行：上级组织形成循环（甲总支 → 乙总支 → 甲总支）。',
      '第 11 行：党总支下面只能设党支部，不能设党总支。',
      '第 11 行：上级组织形成循环（乙总支 → 甲总支 → 乙总支）。',
      '第 12 行：不认识类型「乡镇党委」，可选：工委、党委、总支、支部。',
    ]);
    expect(await rowCounts(db)).toEqual(before);
  });
});
