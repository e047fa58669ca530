// Benchmark 5, start-up: the whole `zhibu` process, as an operator runs it. `--help` and
// `tick` (one reminder pass on a small SQLite database) are timed from spawn to exit with
// their peak resident memory; `serve` (the console platform, no credentials) is timed to its
// first /healthz answer and its resident memory read 5 s later, idle. The baseline is
// `node -e ''` in the same run: what any Node process costs on this machine now.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'zhibu.mjs');
/**
 * Loaded into each measured process with --import: writes its peak resident set (KiB) as it
 * exits, however it exits. VmHWM, not getrusage's maxRSS: Linux carries maxRSS over exec from
 * the forked parent, so every child would report at least this benchmark's own size.
 */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(`
import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => {
  let kib = process.resourceUsage().maxRSS;
  try { kib = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(kib));
});`)}`;
/** A fixed instant: the bench never depends on today's date. */
const TICK_AT = '2026-12-04T09:00:00+08:00';
const IDLE_SETTLE_MS = 5000;

export interface ProcessFigures {
  /** Median wall time from spawn to exit (serve: to the first /healthz answer). */
  medianMs: number;
  fastestMs: number;
  /** Median peak resident set (serve: resident set when idle). */
  rssMiB: number;
  ratio: number;
}

export interface StartupResult {
  runs: number;
  /** Load average of the machine (1, 5, 15 min) when the benchmark started: the figures are whole-process times. */
  loadAverage: number[];
  baseline: ProcessFigures;
  help: ProcessFigures;
  tick: ProcessFigures;
  serve: ProcessFigures;
}

interface Run {
  ms: number;
  rssMiB: number;
}

export async function startupBenchmark(runs: number): Promise<StartupResult> {
  const loadAverage = loadavg().map((n) => Math.round(n * 100) / 100);
  // What `npm start` runs in production: the compiled dist/, up to date with the sources.
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-bench-startup-'));
  const env = { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_URL: `file:${join(dir, 'zhibu.db')}`, NODE_ENV: 'development', ZHIBU_DEMO: 'off' };
  try {
    // A small database: the migrations and the console demo (a branch, members, a party day).
    await untilExit(spawn(process.execPath, [BIN, 'serve'], { cwd: dir, env: { ...env, PORT: '0', ZHIBU_DEMO: 'on' }, stdio: ['ignore', 'ignore', 'inherit'] }));
    const baseline: Run[] = [];
    const help: Run[] = [];
    const tick: Run[] = [];
    const serve: Run[] = [];
    // Interleaved, so that a change in the machine's load touches every figure alike.
    for (let i = 0; i < runs; i++) {
      baseline.push(await timeProcess(['-e', ''], dir, env));
      help.push(await timeProcess([BIN, '--help'], dir, env));
      tick.push(await timeProcess([BIN, 'tick', '--at', TICK_AT], dir, env));
      serve.push(await timeServe(dir, env));
    }
    const baselineMs = median(baseline.map((r) => r.ms));
    const base = figures(baseline, baselineMs);
    return { runs, loadAverage, baseline: base, help: figures(help, base.medianMs), tick: figures(tick, base.medianMs), serve: figures(serve, base.medianMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeProcess(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const rssFile = join(cwd, 'peak-rss');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, ...args], { cwd, env: { ...env, BENCH_PEAK_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await untilExit(child);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
  return { ms, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

async function timeServe(cwd: string, env: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  // stdin stays open: the console platform would stop the bot at its end.
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: { ...env, PORT: String(port) }, stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = untilExit(child);
  try {
    for (;;) {
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
      if (answered) break;
      if (child.exitCode !== null) throw new Error(`zhibu serve exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error('zhibu serve did not answer /healthz within 60 s');
      await sleep(20);
    }
    const ms = performance.now() - started;
    await sleep(IDLE_SETTLE_MS);
    const status = readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return { ms, rssMiB: rssKiB / 1024 };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function figures(runs: Run[], baselineMs: number): ProcessFigures {
  const medianMs = median(runs.map((r) => r.ms));
  return { medianMs: round(medianMs), fastestMs: round(Math.min(...runs.map((r) => r.ms))), rssMiB: round(median(runs.map((r) => r.rssMiB))), ratio: round(medianMs / baselineMs, 2) };
}

function untilExit(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
