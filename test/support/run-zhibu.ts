import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ZHIBU_BIN = fileURLToPath(new URL('../../bin/zhibu.mjs', import.meta.url));

/**
 * Runs `zhibu <args>` as a process, as `npm start` does, with `input` piped to it. The reminder
 * scheduler is off unless `env` turns it on: a tick at a minute boundary would add lines to
 * the output the tests read.
 */
export function zhibu(args: string[], options: { input?: string; env?: Record<string, string>; cwd: string }) {
  const result = spawnSync(process.execPath, [ZHIBU_BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ZHIBU_REMINDERS: 'off', ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
