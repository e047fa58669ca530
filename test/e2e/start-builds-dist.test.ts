import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const slow = { timeout: 120_000 };

/**
 * `npm start`'s prestart (bin/build-if-stale.mjs) on a copy of the project, so that the dist/
 * it writes is not the one the other tests would then run.
 */
describe('npm start runs the compiled dist/, compiled by its prestart when missing or stale', () => {
  let copy: string;
  const node = (args: string[]) => {
    const run = spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: copy }, timeout: 60_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const prestart = () => node([join(copy, 'bin', 'build-if-stale.mjs')]);

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'zhibu-start-'));
    for (const part of ['bin', 'src', 'prisma', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  });
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it('compiles a missing dist/, leaves an up-to-date one alone, recompiles a stale one; zhibu then runs dist/', slow, () => {
    const first = prestart();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/compiled src\/ to dist\//);
    expect(existsSync(join(copy, 'dist', 'cli.js'))).toBe(true);

    const again = prestart();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');

    // A dist/ older than a source (as after an edit): a fixed past time, whatever the clock says.
    const past = new Date('2000-01-01T00:00:00Z');
    utimesSync(join(copy, 'dist', 'cli.js'), past, past);
    const stale = node([join(copy, 'bin', 'zhibu.mjs'), '--version']);
    expect(stale.stderr).toMatch(/dist\/ is older than src\//);
    expect(prestart().stderr).toMatch(/compiled src\/ to dist\//);

    // Up to date again: the command runs dist/ (no fallback to the sources, no warning).
    const run = node([join(copy, 'bin', 'zhibu.mjs'), '--version']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^zhibu \d/);
    expect(run.stderr).toBe('');
  });
});
