import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { startBot } from '../../src/main.js';
import { zhibu } from '../support/run-zhibu.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

describe('zhibu serve on the console (npm start)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-e2e-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a fresh start creates ./data/zhibu.db, seeds the demo, and a piped 签到 records a check-in', async () => {
    const first = zhibu(['serve'], { cwd: dir, input: '签到\n' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('[群聊] zhibu：张三签到成功：主题党日（演示）：重温入党誓词。\n');

    const { db, close } = await openDatabase(`file:${join(dir, 'data', 'zhibu.db')}`);
    try {
      const rows = await db.checkIn.findMany({ include: { member: true } });
      expect(rows.map((r) => [r.member.name, r.status, r.via])).toEqual([['张三', 'present', 'text']]);
    } finally {
      await close();
    }

    const second = zhibu(['serve'], { cwd: dir, input: '签到\n/as 李四\n请假 出差\n' });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('张三已签到');
    expect(second.stdout).toContain('（现在以「李四」的身份发言）');
    expect(second.stdout).toContain('[私信 → 张三] zhibu：\n  【请假申请】\n  李四申请请假');
  });

  it('a bad setting stops start-up with the variable and the fix, exit code 3', () => {
    const run = zhibu(['serve'], { cwd: dir, env: { ZHIBU_TIMEZONE: 'Beijing' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ZHIBU_TIMEZONE="Beijing": must be an IANA time zone such as Asia/Shanghai');
  });

  it('the CLI explains itself and refuses unknown commands', () => {
    expect(zhibu(['--help'], { cwd: dir }).stdout).toContain('zhibu migrate');
    const unknown = zhibu(['frobnicate'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('zhibu migrate prepares a new database and then has nothing to do', () => {
    const env = { DATABASE_URL: `file:${join(dir, 'other', 'm.db')}` };
    expect(zhibu(['migrate'], { cwd: dir, env }).stdout).toMatch(/^applied: \d{14}_init(, \d{14}_\w+)*\n$/);
    expect(zhibu(['migrate'], { cwd: dir, env }).stdout).toBe('database is up to date\n');
  });
});

describe.each(testProviders())('the running bot on %s', (provider) => {
  it('answers /healthz over HTTP with the database status, beside the console', async () => {
    const t = await createTestDatabase(provider);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const bot = await startBot(readConfig({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent' }), { stdin, stdout, stderr: new PassThrough() });
    try {
      const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database: 'ok', platforms: { console: 'running' } });

      stdin.end('/activity list\n');
      await bot.finished;
      expect(printed).toContain('主题党日（演示）：重温入党誓词');
    } finally {
      await bot.stop();
      await t.close();
    }
  });
});
