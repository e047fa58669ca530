import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { startBot } from '../../src/main.js';
import { ZHIBU_BIN as BIN, zhibu } from '../support/run-zhibu.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

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

  it('a production start without a chat platform, or a mode without credentials, exits 3 saying what to set', () => {
    const production = zhibu(['serve'], { cwd: dir, env: { NODE_ENV: 'production' } });
    expect(production.code).toBe(3);
    expect(production.stderr).toMatch(/NODE_ENV=production and no chat platform is configured. Set FEISHU_APP_ID and FEISHU_APP_SECRET/);
    expect(production.stdout).toBe('');
    const webhook = zhibu(['serve'], { cwd: dir, env: { FEISHU_MODE: 'webhook' } });
    expect(webhook.code).toBe(3);
    expect(webhook.stderr).toMatch(/FEISHU_MODE=webhook is set but FEISHU_APP_ID and FEISHU_APP_SECRET are not/);
    expect(webhook.stdout).toBe('');
  });

  it('the CLI explains itself and refuses unknown commands', () => {
    expect(zhibu(['--help'], { cwd: dir }).stdout).toContain('zhibu migrate');
    const unknown = zhibu(['frobnicate'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  // Eight processes one after another: on a loaded machine that is more than the default 30 s.
  it('backs up, refuses to erase without confirmation, erases with --yes, and explains each command', { timeout: 120_000 }, () => {
    const backup = zhibu(['backup', join(dir, 'backups', 'b1.db')], { cwd: dir });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^backed up \d+ pages to .*b1\.db\n$/);
    expect(zhibu(['backup', join(dir, 'backups', 'b1.db')], { cwd: dir }).stderr).toContain('exists already');

    const unconfirmed = zhibu(['member', 'erase', '陈七'], { cwd: dir });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Not confirmed: run it on a terminal, or add --yes.');
    const exported = zhibu(['member', 'export', '陈七'], { cwd: dir });
    expect(JSON.parse(exported.stdout)).toMatchObject({ member: { name: '陈七', joinedAt: '2001-07-01' } });
    const erased = zhibu(['member', 'erase', '陈七', '--yes'], { cwd: dir });
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/^erased the personal data of member (\d+), now "已删除成员\1" \(rows changed: Member 1, Identity 1[^)]*\)\n$/);
    expect(zhibu(['member', 'export', '陈七'], { cwd: dir }).stderr).toContain('no member named "陈七"');

    expect(zhibu(['restore', '--help'], { cwd: dir }).stdout).toContain('Usage:\n  zhibu restore <file> [--yes]');
    expect(zhibu(['backup'], { cwd: dir }).code).toBe(2);
  });

  it('one SQLite database serves one bot; SIGTERM stops it cleanly and frees it', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ZHIBU_RUN: 'sources', PORT: '0', LOG_LEVEL: 'info', ZHIBU_REMINDERS: 'off' };
    const first = spawn(process.execPath, [BIN, 'serve'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let logs = '';
    first.stderr.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
    await waitFor(() => logs.includes('http listening'), `the first bot to listen: ${logs}`, 50_000);
    const second = zhibu(['serve'], { cwd: dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another zhibu (pid ${first.pid}) is serving ./data/zhibu.db`);
    const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    first.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'data', 'zhibu.db.pid'))).toBe(false);
  }, 90_000);

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
