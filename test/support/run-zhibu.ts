import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { waitFor } from './wait-for.js';
import { fileURLToPath } from 'node:url';

export const ZHIBU_BIN = fileURLToPath(new URL('../../bin/zhibu.mjs', import.meta.url));
const MOVED_CLOCK = fileURLToPath(new URL('./moved-clock.mjs', import.meta.url));

/**
 * The environment of a zhibu process a test starts: nothing of the developer's own settings,
 * the process clock of the suite (a run with a moved clock moves its bot processes too), or,
 * with `at`, a process clock that starts at that instant, for a process that must act on a
 * simulated day (the CLI reads the time like the bot does: from the clock). The sources run,
 * never a dist/ a developer's `npm start` built (ZHIBU_RUN=sources, bin/zhibu.mjs).
 */
export function processEnv(env: Record<string, string | undefined>, at?: string): NodeJS.ProcessEnv {
  const clock = at !== undefined
    ? { NODE_OPTIONS: `--import ${MOVED_CLOCK}`, ZHIBU_MOVED_CLOCK: at }
    : { NODE_OPTIONS: process.env.NODE_OPTIONS, ZHIBU_MOVED_CLOCK: process.env.ZHIBU_MOVED_CLOCK, ZHIBU_MOVED_CLOCK_BASE: process.env.ZHIBU_MOVED_CLOCK_BASE };
  const defined = Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ZHIBU_RUN: 'sources', ...clock, ...env }).filter((e): e is [string, string] => e[1] !== undefined);
  return Object.fromEntries(defined);
}

/**
 * Runs `zhibu <args>` as a process, as `npm start` does, with `input` piped to it. The reminder
 * scheduler is off unless `env` turns it on: a tick at a minute boundary would add lines to
 * the output the tests read. `at` starts the process clock at that instant.
 */
export function zhibu(args: string[], options: { input?: string; env?: Record<string, string>; cwd: string; at?: string }) {
  const result = spawnSync(process.execPath, [ZHIBU_BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: processEnv({ PORT: '0', ZHIBU_REMINDERS: 'off', ...options.env }, options.at),
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Starts `zhibu serve` as a process with `env` (LOG_LEVEL info and PORT 0 unless given) and
 * resolves once it listens, with the port it took.
 */
export async function startServe(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [ZHIBU_BIN, 'serve'], { env: processEnv({ PORT: '0', LOG_LEVEL: 'info', ...env }), stdio: ['ignore', 'ignore', 'pipe'] });
  // Listened for from the start: a process killed early must not leave a later wait hanging.
  const exited = once(child, 'exit');
  let logs = '';
  child.stderr?.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
  const listening = /"port":(\d+),"msg":"http listening"/;
  await waitFor(() => listening.test(logs), `the bot to listen: ${logs}`, 60_000);
  return { child, port: Number(listening.exec(logs)?.[1]), exited };
}
