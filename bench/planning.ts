// Benchmark 2, planning: 100,000 members in 1,000 branches with every reminder kind on; the
// time and peak memory to plan one day (a party day that is also a dues day) and a month,
// against a baseline scan of the members table (SELECT count(*)) in the same run.
import type { Provider } from '../src/db/provider.js';
import { silentLogger } from '../src/logger.js';
import { loadHolidayCalendar } from '../src/reminders/load-holiday-calendar.js';
import { planReminders } from '../src/reminders/planner.js';
import { benchDatabase } from './lib/bench-database.js';
import { benchMember } from './lib/bench-members.js';

const BRANCHES = 1000;
const PER_BRANCH = 100;
const sh = (local: string) => new Date(`${local}+08:00`);

export interface PlanningResult {
  provider: Provider;
  members: number;
  baselineMs: number;
  /** Peak resident set while planning, and what the process held when planning began (seeding done). */
  /** cpuMs: this process's CPU time (user + system) while planning; PostgreSQL's own work not included. */
  day: { ms: number; cpuMs: number; peakRssMiB: number; startRssMiB: number; notifications: number; ratio: number };
  month: { ms: number; cpuMs: number; peakRssMiB: number; startRssMiB: number; notifications: number; ratio: number };
}

/** Samples the resident set size while `work` runs; returns its peak. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; peakRssMiB: number; startRssMiB: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = await work();
    const used = process.cpuUsage(cpu);
    return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, peakRssMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20), startRssMiB: Math.round(start / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs `work` under the V8 profiler when BENCH_PROFILE names a directory, writing
 * `<dir>/<name>.cpuprofile`: the planning itself, without the seeding around it.
 */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return work();
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

export async function planningBenchmark(provider: Provider, branches = BRANCHES, perBranch = PER_BRANCH): Promise<PlanningResult> {
  const database = await benchDatabase(provider);
  try {
    const { db } = database;
    const createdAt = sh('2026-01-01T09:00');
    for (let b = 0; b < branches; b++) {
      const branch = await db.organization.create({
        data: {
          name: `第${b + 1}党支部`, kind: 'branch', createdAt,
          settings: { partyDay: 'first friday 15:00', duesDay: 4, digest: 'fri 09:00', termStarted: '2024-03-01', duesTrackingSince: '2026-06' },
        },
      });
      await db.chatBinding.create({ data: { platform: 'feishu', tenant: 'bench', chatId: `oc_bench_${b}`, branchId: branch.id } });
      await db.member.createMany({
        data: Array.from({ length: perBranch }, (_, i) => benchMember(b * perBranch + i, branch.id, createdAt, { duesMonthlyFen: 5000 + ((b * perBranch + i) % 10) * 500 })),
      });
      const members = await db.member.findMany({ where: { branchId: branch.id }, select: { id: true }, orderBy: { id: 'asc' } });
      await db.identity.createMany({ data: members.map((m) => ({ platform: 'feishu', tenant: 'bench', platformUserId: `ou_${m.id}`, memberId: m.id })) });
      await db.roleGrant.create({ data: { memberId: members[0]?.id ?? 0, role: 'secretary', organizationId: branch.id } });
    }
    const members = branches * perBranch;

    const baseline = await measured(() => db.member.count());
    const deps = { db, calendar: await loadHolidayCalendar(db), defaultZone: 'Asia/Shanghai', log: silentLogger, timeBudgetMs: Number.POSITIVE_INFINITY };
    const setCursors = async (through: Date) => {
      await db.plannerCursor.deleteMany();
      const all = await db.organization.findMany({ where: { kind: 'branch' }, select: { id: true } });
      await db.plannerCursor.createMany({ data: all.map((o) => ({ branchId: o.id, plannedThrough: through })) });
    };

    // One day: 4 December 2026 is the first Friday (party day), the dues day and digest day.
    await setCursors(sh('2026-12-04T00:00'));
    const day = await measured(() => profiled(`planning-day-${provider}`, () => planReminders(deps, sh('2026-12-04T23:59'))));
    const dayNotifications = await db.notification.count();

    // A month: day by day through January 2027, as ticks would after each day.
    // BENCH_PLANNING_DAY_ONLY=1 skips it (a quicker before/after of the worst day).
    if (process.env.BENCH_PLANNING_DAY_ONLY === '1') {
      const none = { ms: 0, cpuMs: 0, peakRssMiB: 0, startRssMiB: 0, notifications: 0, ratio: 0 };
      return { provider, members, baselineMs: baseline.ms, day: { ms: day.ms, cpuMs: day.cpuMs, peakRssMiB: day.peakRssMiB, startRssMiB: day.startRssMiB, notifications: dayNotifications, ratio: day.ms / baseline.ms }, month: none };
    }
    await db.notification.deleteMany();
    await db.activity.deleteMany();
    await setCursors(sh('2026-12-31T23:59'));
    const month = await measured(async () => {
      for (let d = 1; d <= 31; d++) await planReminders(deps, sh(`2027-01-${String(d).padStart(2, '0')}T23:59`));
    });
    const monthNotifications = await db.notification.count();

    return {
      provider, members, baselineMs: baseline.ms,
      day: { ms: day.ms, cpuMs: day.cpuMs, peakRssMiB: day.peakRssMiB, startRssMiB: day.startRssMiB, notifications: dayNotifications, ratio: day.ms / baseline.ms },
      month: { ms: month.ms, cpuMs: month.cpuMs, peakRssMiB: month.peakRssMiB, startRssMiB: month.startRssMiB, notifications: monthNotifications, ratio: month.ms / baseline.ms },
    };
  } finally {
    await database.drop();
  }
}
