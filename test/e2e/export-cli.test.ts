import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrations.js';
import { zhibu } from '../support/run-zhibu.js';
import { createFileStore } from '../../src/storage/file-store.js';
import { PARTY_DAY_START } from '../support/branch-fixture.js';
import { jpegBytes } from '../support/sample-files.js';
import { addActivity, seedBranch, seedOtherBranch } from '../support/seed.js';

describe('zhibu export and import, and /export on the console, as processes', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-export-'));
    env = { DATABASE_URL: `file:${join(dir, 'zhibu.db')}` };
    await migrateDatabase(env.DATABASE_URL ?? '');
    const { db, close } = await openDatabase(env.DATABASE_URL ?? '');
    const { committeeId } = await seedBranch(db);
    await seedOtherBranch(db, committeeId);
    await close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the workbook of the named branch and audits the export', async () => {
    const run = zhibu(['export', '--year', '2026', '--branch', '第一党支部', '--out', 'ledger.xlsx'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('wrote ledger.xlsx: 第一党支部 2026, 4 members, 0 activities\n');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'ledger.xlsx'));
    expect(workbook.getWorksheet('党员名册')?.getColumn(2).values.slice(1)).toEqual(['姓名', '张三', '李四', '王五', '赵六']);

    const { db, close } = await openDatabase(env.DATABASE_URL ?? '');
    try {
      expect((await db.auditLog.findMany()).map((a) => [a.action, a.actor.startsWith('cli:'), (a.detail as { via?: string }).via])).toEqual([['ledger.export', true, 'cli']]);
    } finally {
      await close();
    }
  });

  it('writes a .zip with the workbook and the meeting photos, read from the files folder next to the database', async () => {
    const photo = jpegBytes(5000);
    const { db, close } = await openDatabase(env.DATABASE_URL ?? '');
    try {
      const branch = await db.organization.findFirstOrThrow({ where: { name: '第一党支部' } });
      const activity = await addActivity(db, branch.id, PARTY_DAY_START);
      const record = await db.meetingRecord.create({ data: { activityId: activity.id, content: '一、学习。', createdBy: 'cli', createdAt: new Date(PARTY_DAY_START) } });
      const files = createFileStore(db, { kind: 'disk', dir: join(dir, 'files'), maxBytes: 1024 * 1024 });
      expect((await files.put(photo, { name: '合影.jpg', activityId: activity.id, recordId: record.id, uploadedById: null, uploadedAt: new Date(PARTY_DAY_START) })).ok).toBe(true);
    } finally {
      await close();
    }
    const run = zhibu(['export', '--year', '2026', '--branch', '第一党支部', '--out', 'ledger.zip'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'ledger.zip')));
    expect(Object.keys(zip.files).sort()).toEqual(['2026-12-04 主题党日/', '2026-12-04 主题党日/照片1.jpg', '第一党支部-台账-2026.xlsx']);
    expect(Buffer.compare(await zip.file('2026-12-04 主题党日/照片1.jpg')?.async('nodebuffer') ?? Buffer.alloc(0), photo)).toBe(0);
  });

  it('zhibu export --record writes the printable meeting record as a .docx and audits it', async () => {
    const { db, close } = await openDatabase(env.DATABASE_URL ?? '');
    let activityId: number;
    try {
      const branch = await db.organization.findFirstOrThrow({ where: { name: '第一党支部' } });
      const activity = await addActivity(db, branch.id, '2026-12-04T07:00:00.000Z', 'Asia/Shanghai', '12月主题党日');
      await db.activity.update({ where: { id: activity.id }, data: { theme: '学习党章', place: '三楼会议室' } });
      activityId = activity.id;
      await db.auditLog.deleteMany();
    } finally {
      await close();
    }
    const run = zhibu(['export', '--record', String(activityId), '--out', 'record.docx'], { cwd: dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('wrote record.docx: 第一党支部 主题党日 2026年12月4日（周五）15:00 (no content written yet)\n');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'record.docx')));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    for (const text of ['第一党支部会议记录', '三楼会议室', '学习党章', '应到 4 人']) expect(xml).toContain(text);

    const missing = zhibu(['export', '--record', '9999', '--out', 'x.docx'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('zhibu export: there is no activity 9999.\n');
    const again = await openDatabase(env.DATABASE_URL ?? '');
    try {
      expect((await again.db.auditLog.findMany()).map((a) => [a.action, (a.detail as { via?: string }).via])).toEqual([['meeting_record.print', 'cli']]);
    } finally {
      await again.close();
    }
  });

  it.each([
    [['export', '--month', '2026-11'], 'zhibu export: --out <file.xlsx> is required\n'],
    [['export', '--record', 'abc', '--out', 'x.docx'], 'zhibu export: --record "abc" is not an activity id: write its number, such as 12\n'],
    [['export', '--month', '2026-13', '--out', 'x.xlsx'], 'zhibu export: --month "2026-13" is not a month: write YYYY-MM with the month 01 to 12, such as 2026-12\n'],
    [['export', '--year', '26', '--out', 'x.xlsx'], 'zhibu export: --year "26" is not a year: write four digits, such as 2026\n'],
    [['export', '--out', 'x.xlsx'], 'zhibu export: give the period: --month YYYY-MM (such as 2026-12) or --year YYYY (such as 2026)\n'],
    [['export', '--month', '2026-11', '--year', '2026', '--out', 'x.xlsx'], 'zhibu export: give --month or --year, not both\n'],
    [['export', '--year', '0000', '--out', 'x.xlsx'], 'zhibu export: --year "0000" is outside the accepted years (2000 to 2100)\n'],
    [['export', '--month', '2101-01', '--out', 'x.xlsx'], 'zhibu export: --month "2101-01" is outside the accepted years (2000 to 2100)\n'],
    [['preview', '--date', '9999-12-31'], 'zhibu preview: --date "9999-12-31" is outside the accepted years (2000 to 2100)\n'],
    [['tick', '--at', '10000-01-01T00:00:00+08:00'], 'zhibu tick: --at "10000-01-01T00:00:00+08:00" is not an ISO instant such as 2026-12-04T08:30:00+08:00\n'],
    [['tick', '--at', '1999-12-31T00:00:00+08:00'], 'zhibu tick: --at "1999-12-31T00:00:00+08:00" is outside the accepted years (2000 to 2100)\n'],
  ])('%j is a usage error', (args, stderr) => {
    const run = zhibu(args, { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(stderr)).toBe(true);
  });

  it('asks for --branch when there are several, and refuses an unknown one', () => {
    const several = zhibu(['export', '--month', '2026-11', '--out', 'x.xlsx'], { cwd: dir, env });
    expect(several.code).toBe(1);
    expect(several.stderr).toBe('zhibu export: there are 2 branches; name one with --branch (第一党支部, 第二党支部).\n');
    const unknown = zhibu(['export', '--month', '2026-11', '--branch', '第九党支部', '--out', 'x.xlsx'], { cwd: dir, env });
    expect(unknown.stderr).toBe('zhibu export: no branch is named "第九党支部".\n');
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });

  it('import members: a dry run, the import, and a bad file that changes nothing', async () => {
    writeFileSync(join(dir, 'roster.csv'), '姓名,状态,入党日期,月党费\n钱七,预备党员,2026-05-04,50\n李四,正式党员,2015-06-28,75\n');
    writeFileSync(join(dir, 'bad.csv'), '姓名,入党日期\n周八,2026-02-30\n');
    const dry = zhibu(['import', 'members', 'roster.csv', '--branch', '第一党支部', '--dry-run'], { cwd: dir, env });
    expect(dry.stdout).toBe('dry run, nothing written into 第一党支部:\n将新增 1 人：钱七\n将更新 1 人：李四\n无变化 0 人\n');
    const bad = zhibu(['import', 'members', 'bad.csv', '--branch', '第一党支部'], { cwd: dir, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('「bad.csv」没有导入，名册未作任何改动。请改正后重新发送：\n第 2 行：入党日期 2026-02-30 不是有效日期（应写成 YYYY-MM-DD）\n');
    const done = zhibu(['import', 'members', 'roster.csv', '--branch', '第一党支部'], { cwd: dir, env });
    expect(done.code).toBe(0);
    expect(done.stdout).toBe('imported into 第一党支部:\n新增 1 人：钱七\n更新 1 人：李四\n无变化 0 人\n');
    const { db, close } = await openDatabase(env.DATABASE_URL ?? '');
    try {
      expect(await db.member.findFirst({ where: { name: '钱七' } })).toMatchObject({ status: 'probationary', duesMonthlyFen: 5000 });
    } finally {
      await close();
    }
  });

  it('on the console, /export writes the file under ./data/exports and prints where', () => {
    const consoleDir = mkdtempSync(join(dir, 'console-'));
    const run = zhibu(['serve'], { cwd: consoleDir, input: '/export\n' });
    expect(run.stderr).toBe('');
    const year = new Date().getFullYear();
    const path = join(consoleDir, 'data', 'exports', `第一党支部-台账-${year}.xlsx`);
    expect(run.stdout).toContain(`文件已保存：${path}`);
    expect(existsSync(path)).toBe(true);
  });
});
