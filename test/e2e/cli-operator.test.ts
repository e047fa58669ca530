import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/platforms/console/render-text.js';
import { zhibu } from '../support/run-zhibu.js';

const slow = { timeout: 120_000 };

describe('zhibu on the command line explains itself to an operator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help names every command and form within 100 columns; --version says the version', slow, () => {
    const help = zhibu(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    for (const form of ['zhibu serve', 'zhibu member export', 'zhibu member erase', 'zhibu holidays import <file.json>', 'zhibu import members', 'zhibu export', 'zhibu --version']) {
      expect(help.stdout).toContain(form);
    }
    expect(help.stdout.split('\n').filter((line) => displayWidth(line) > 100)).toEqual([]);
    expect(zhibu(['holidays', '--help'], { cwd: dir }).stdout.split('\n').filter((line) => displayWidth(line) > 100)).toEqual([]);
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(zhibu(['--version'], { cwd: dir }).stdout).toBe(`zhibu ${manifest.version}\n`);
  });

  it('a month that is no month, a missing file and a bad holiday file are each said plainly', slow, () => {
    const month = zhibu(['export', '--month', '2026-13', '--out', 'x.xlsx'], { cwd: dir });
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('--month "2026-13" is not a month: write YYYY-MM with the month 01 to 12');
    const missing = zhibu(['import', 'members', '名册.xlsx'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`zhibu import: there is no file 名册.xlsx (looked in ${dir}).\n`);
    writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2027, holidays: [{ name: '元旦', date: '2027-01-01' }] }));
    const holidays = zhibu(['holidays', 'import', '2027.json'], { cwd: dir });
    expect(holidays.code).toBe(1);
    expect(holidays.stderr).toContain('source: required: the notice the dates come from');
    expect(holidays.stderr).not.toContain('Invalid input');
  });

  it('an unreachable PostgreSQL is a configuration problem: exit 3, naming DATABASE_URL without its password', slow, () => {
    const env = { DATABASE_URL: 'postgresql://zhibu:s3cret@127.0.0.1:1/zhibu' };
    for (const command of ['migrate', 'serve']) {
      const run = zhibu([command], { cwd: dir, env });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('zhibu cannot reach the database server in DATABASE_URL (postgresql://zhibu:***@127.0.0.1:1/zhibu)');
      expect(run.stderr).not.toContain('s3cret');
    }
  });
});
