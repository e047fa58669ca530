import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrations.js';
import { HOLIDAYS_2027 } from '../support/holidays-2027.js';
import { zhibu } from '../support/run-zhibu.js';
import { seedBranch } from '../support/seed.js';

describe('zhibu tick, preview and holidays import, as processes', () => {
  let dir: string;
  let env: Record<string, string>;
  let cwd: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-cli-'));
    cwd = dir;
    env = { DATABASE_URL: `file:${join(dir, 'zhibu.db')}` };
    await migrateDatabase(env.DATABASE_URL ?? '');
    const { db, close } = await openDatabase(env.DATABASE_URL ?? '');
    const { branchId } = await seedBranch(db);
    await db.organization.update({ where: { id: branchId }, data: { settings: { partyDay: 'first friday 15:00', duesDay: 5 } } });
    await close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('tick --at plans and sends what is due at that instant, printed by the console platform', () => {
    const run = zhibu(['tick', '--at', '2026-12-03T18:00:00+08:00'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[群聊] zhibu：\n  【明日主题党日】\n  时间：12月4日（周五）15:00\n');
    // January 2027 is a month ahead, and no holiday calendar covers it yet.
    expect(run.stdout).toContain('[私信 → 张三] zhibu：\n  【主题党日已自动安排】\n  1月主题党日已按规则安排在2027年1月1日（周五）15:00');
    expect(run.stdout).toMatch(/tick at 2026-12-03T18:00:00.000\+08:00: planned 2, skipped 0, activities created 2; sent 2, retrying 0, failed 0, deferred 0\n$/);
  });

  it('holidays import refuses a bad file with what is wrong, imports a good one, and moves the party day off New Year', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...HOLIDAYS_2027, workdays: [{ name: '国庆节', date: '2027-09-27' }] }));
    const bad = zhibu(['holidays', 'import', 'bad.json'], { cwd, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('zhibu holidays import: bad.json was not imported:\n  workdays: 2027-09-27 is a Monday–Friday; only weekend days are make-up workdays (调休上班)\n');

    writeFileSync(join(dir, '2027.json'), JSON.stringify(HOLIDAYS_2027));
    // Imported on the simulated evening (--at, read on the clock of ZHIBU_TIMEZONE), so the secretary's notice is due at the next tick.
    const good = zhibu(['holidays', 'import', '2027.json', '--at', '2026-12-03T18:01'], { cwd, env });
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/^imported 2027: 10 days off, 1 make-up workdays \(国务院办公厅关于2027年部分节假日安排的通知（示例）\)\nmoved 第一党支部 activity #\d+ from 2027-01-01T07:00:00.000Z to 2027-01-04T07:00:00.000Z \(secretary told\)\n$/);

    const told = zhibu(['tick', '--at', '2026-12-03T18:05'], { cwd, env });
    expect(told.stdout).toContain('【主题党日已调整】\n  导入2027年节假日安排后，1月主题党日由2027年1月1日（周五）15:00调整到2027年1月4日（周一）15:00');
    expect(told.stdout).toContain('1月1日（周五）逢元旦，调整到1月4日（周一）。');
  });

  it('preview --date explains the day and says who would hear what, without sending', () => {
    const run = zhibu(['preview', '--date', '2027-01-04', '--branch', '第一党支部'], { cwd, env, at: '2026-12-03T18:10:00+08:00' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([
      '【提醒预览】第一党支部 · 2027年1月4日（周一）',
      '当天：工作日',
      '本月固定党日（按规则）：1月4日（周一）15:00',
      '  1月1日（周五）逢元旦，调整到1月4日（周一）。',
      '本月党费日：1月5日（周二）',
      '提醒（按目前的名册和记录）：',
      '08:30 本支部群聊：主题党日当天通知',
      '09:00 私信 张三：工作汇总（每周）',
      '15:00 私信 张三、李四、王五、赵六（4 人）：签到提醒',
      '18:00 私信 张三：工作汇总（主题党日后）',
      '',
    ].join('\n'));
    expect(zhibu(['preview', '--date', '2027-02-30'], { cwd, env }).code).toBe(2);
  });
});
