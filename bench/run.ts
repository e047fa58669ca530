// `npm run bench [-- <suite> …] [-- --quick]`: the benchmarks, each printing its figures and a
// ratio against a baseline measured in the same run, written to bench/results/latest.json.
// Suites: inbound, planning, dispatch, digest, treepack, startup (all by default). --quick shortens each run for
// a smoke check; the figures in docs/PERFORMANCE.md come from full runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { digestBenchmark } from './digest.js';
import { dispatchBenchmark } from './dispatch.js';
import { inboundBenchmark } from './inbound.js';
import { planningBenchmark } from './planning.js';
import { startupBenchmark } from './startup.js';
import { treePackBenchmark } from './treepack.js';

const args = process.argv.slice(2);
const isQuick = args.includes('--quick');
const chosen = args.filter((a) => !a.startsWith('--'));
const wants = (suite: string) => chosen.length === 0 || chosen.includes(suite);
const providers = process.env.BENCH_PROVIDERS ? (process.env.BENCH_PROVIDERS.split(',') as ('sqlite' | 'postgresql')[]) : (['sqlite', 'postgresql'] as const);

const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  isQuick,
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

if (wants('inbound')) {
  const inbound = [];
  for (const provider of providers) {
    const r = await inboundBenchmark(provider, isQuick ? 5 : 20, 50);
    inbound.push(r);
    console.log(`inbound ${provider}: ${fmt(r.bot.perSecond)} check-ins/s (baseline ${fmt(r.baseline.perSecond)}/s, ratio ${fmt(r.ratio, 2)}), p50 ${r.bot.p50Ms} ms, p99 ${r.bot.p99Ms} ms; CPU ${fmt(r.cpuMsPerRequest, 2)} ms a check-in (baseline ${fmt(r.baselineCpuMsPerRequest, 2)} ms); ${r.acknowledged} acknowledged, ${r.checkInRows} rows, lost ${r.lost}, doubled ${r.doubled}, non-2xx ${r.bot.non2xx}, errors ${r.bot.errors}`);
  }
  // BENCH_INBOUND_PROCESSES=1,2,4: the same load on PostgreSQL against that many bot processes.
  const counts = (process.env.BENCH_INBOUND_PROCESSES ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 1);
  if (counts.length > 0 && providers.includes('postgresql')) {
    const one = inbound.find((r) => r.provider === 'postgresql');
    for (const processes of counts) {
      const r = await inboundBenchmark('postgresql', isQuick ? 5 : 20, 50, processes);
      inbound.push(r);
      console.log(`inbound postgresql, ${processes} processes: ${fmt(r.bot.perSecond)} check-ins/s (x${fmt(one ? r.bot.perSecond / one.bot.perSecond : Number.NaN, 2)} one process; baseline ${fmt(r.baseline.perSecond)}/s, ratio ${fmt(r.ratio, 2)}), p50 ${r.bot.p50Ms} ms, p99 ${r.bot.p99Ms} ms (worst process); CPU ${fmt(r.cpuMsPerRequest, 2)} ms a check-in; ${r.acknowledged} acknowledged, ${r.checkInRows} rows, lost ${r.lost}, doubled ${r.doubled}, non-2xx ${r.bot.non2xx}, errors ${r.bot.errors}`);
    }
  }
  results.inbound = inbound;
}

if (wants('planning')) {
  const planning = [];
  for (const provider of providers) {
    const r = await planningBenchmark(provider, isQuick ? 50 : 1000, 100);
    planning.push(r);
    console.log(`planning ${provider}: ${fmt(r.members)} members; baseline count(*) ${fmt(r.baselineMs, 1)} ms; one day ${fmt(r.day.ms)} ms (x${fmt(r.day.ratio)}; CPU ${fmt(r.day.cpuMs)} ms), peak ${r.day.peakRssMiB} MiB (from ${r.day.startRssMiB}), ${fmt(r.day.notifications)} notifications; a month ${fmt(r.month.ms)} ms (x${fmt(r.month.ratio)}; CPU ${fmt(r.month.cpuMs)} ms), peak ${r.month.peakRssMiB} MiB (from ${r.month.startRssMiB}), ${fmt(r.month.notifications)} notifications`);
  }
  results.planning = planning;
}

if (wants('dispatch')) {
  const count = Number(process.env.BENCH_DISPATCH_COUNT ?? (isQuick ? 1000 : 20_000));
  const r = await dispatchBenchmark('sqlite', count);
  console.log(`dispatch sqlite: ${fmt(r.notifications)} notifications in ${fmt(r.seconds, 1)} s, ${fmt(r.perSecond, 1)}/s = ${fmt(r.fractionOfLimit * 100, 1)}% of Feishu's 50/s; 429s ${r.rejected429} (${fmt(r.rejectedShare * 100, 2)}% of requests); received ${fmt(r.received)}, lost ${r.lost}, doubled ${r.doubled}`);
  results.dispatch = r;
}

if (wants('digest')) {
  const digest = [];
  for (const provider of providers) {
    const r = await digestBenchmark(provider, isQuick ? 5 : 15);
    digest.push(r);
    console.log(`digest ${provider}: ${fmt(r.members)} members, ${fmt(r.activities)} activities, ${fmt(r.checkIns)} check-ins, ${fmt(r.duesRecords)} dues records; baseline (read the members) ${fmt(r.baselineMs, 1)} ms; digest median ${fmt(r.digestMs, 1)} ms of ${r.runs} runs (fastest ${fmt(r.digestMinMs, 1)} ms), x${fmt(r.ratio, 1)} the baseline`);
  }
  results.digest = digest;
}

if (wants('treepack')) {
  const treepack = [];
  for (const provider of providers) {
    const r = await treePackBenchmark(provider);
    treepack.push(r);
    console.log(`treepack ${provider}: ${r.organisations} organisations, ${fmt(r.members)} members, ${fmt(r.activities)} activities, ${fmt(r.checkIns)} check-ins, ${fmt(r.duesRecords)} dues records; baseline (each branch's year ledger, one by one) ${fmt(r.baselineMs)} ms; the pack ${fmt(r.packMs)} ms (x${fmt(r.ratio, 2)}), ${r.sheets} sheets, ${fmt(r.fileMiB, 1)} MiB, peak ${r.peakRssMiB} MiB resident (from ${r.startRssMiB}), peak heap in use ${r.peakHeapMiB} MiB; ${r.isUnder30s ? 'under' : 'OVER'} 30 s`);
  }
  results.treepack = treepack;
}

if (wants('startup')) {
  const r = await startupBenchmark(isQuick ? 2 : 7);
  const line = (name: string, f: typeof r.help, rss: string) => `  ${name}: median ${fmt(f.medianMs)} ms (fastest ${fmt(f.fastestMs)}, x${fmt(f.ratio, 1)} the baseline), ${rss} ${fmt(f.rssMiB)} MiB`;
  console.log([
    `startup (built dist/, ${r.runs} runs each, load average ${r.loadAverage.join(' ')} on ${cpus().length} cores):`,
    line("baseline node -e ''", r.baseline, 'peak'),
    line('zhibu --help', r.help, 'peak'),
    line('zhibu tick (small SQLite database)', r.tick, 'peak'),
    line('zhibu serve (console) to first /healthz', r.serve, 'idle resident'),
  ].join('\n'));
  results.startup = r;
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results/latest.json');
