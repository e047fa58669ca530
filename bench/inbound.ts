// Benchmark 1, inbound: signed, encrypted Feishu card clicks (签到 on an activity, distinct
// event ids, real members of a 500-member branch) posted for 20 s at 50 connections to the
// real bot in its own process; the baseline is a bare express route parsing the same body.
import type { Provider } from '../src/db/provider.js';
import { checkInWindow } from '../src/domain/check-in-window.js';
import { cardActionEvent, feishuRequest, TENANT } from '../test/support/feishu-events.js';
import { startFeishuStandIn } from '../test/support/feishu-stand-in.js';
import { benchDatabase } from './lib/bench-database.js';
import { startChildServer } from './lib/child-process-server.js';
import { postDistinct, type LoadResult } from './lib/measure.js';
import { processCpuSeconds } from './lib/process-cpu.js';

const ENCRYPT_KEY = 'bench-encrypt-key';
const TOKEN = 'bench-token';
const GROUP = 'oc_bench_group';
const MEMBERS = 500;
/**
 * Load before the measured run, on its own events, not counted in the rates: the first
 * seconds of a fresh process compile modules and Prisma's query plans, which a 5 s run
 * (--quick) would otherwise mostly measure.
 */
const WARM_UP_SECONDS = 3;

export interface InboundResult {
  provider: Provider;
  /** Bot processes behind the load, each on its own port with its share of the connections (PostgreSQL only). */
  processes: number;
  bot: LoadResult;
  baseline: LoadResult;
  ratio: number;
  /** CPU milliseconds the bot's process spent per request answered (PostgreSQL's own work not included). */
  cpuMsPerRequest: number;
  /** The same for the bare-express baseline. */
  baselineCpuMsPerRequest: number;
  checkInRows: number;
  inboundEvents: number;
  acknowledged: number;
  lost: number;
  doubled: number;
}

export async function inboundBenchmark(provider: Provider, seconds = 20, connections = 50, processes = 1): Promise<InboundResult> {
  // On SQLite one process serves a database (the instance lock).
  if (processes > 1 && provider !== 'postgresql') throw new Error('several bot processes need PostgreSQL');
  const database = await benchDatabase(provider);
  const standIn = await startFeishuStandIn();
  try {
    const { db } = database;
    const branch = await db.organization.create({ data: { name: '基准党支部', kind: 'branch' } });
    await db.chatBinding.create({ data: { platform: 'feishu', tenant: TENANT, chatId: GROUP, branchId: branch.id } });
    await db.member.createMany({ data: Array.from({ length: MEMBERS }, (_, i) => ({ name: `党员${i}`, branchId: branch.id })) });
    const members = await db.member.findMany({ where: { branchId: branch.id }, orderBy: { id: 'asc' }, select: { id: true } });
    await db.identity.createMany({ data: members.map((m, i) => ({ platform: 'feishu', tenant: TENANT, platformUserId: `ou_bench${i}`, memberId: m.id })) });
    // Enough open activities that every request is a new check-in (member x activity).
    const perSecondCeiling = 4000;
    const activityCount = Math.ceil((perSecondCeiling * (seconds + WARM_UP_SECONDS)) / MEMBERS);
    const window = checkInWindow(new Date(), 'Asia/Shanghai');
    await db.activity.createMany({
      data: Array.from({ length: activityCount }, (_, i) => ({
        branchId: branch.id, kind: 'party_day' as const, title: `基准活动${i}`, startsAt: new Date(),
        checkInOpensAt: new Date(Date.now() - 3600_000), checkInClosesAt: window.closesAt, lateAfter: new Date(Date.now() + 3600_000),
      })),
    });
    const activities = await db.activity.findMany({ where: { branchId: branch.id }, orderBy: { id: 'asc' }, select: { id: true } });
    await database.disconnect();

    const bodies: string[] = [];
    const headers: Record<string, string>[] = [];
    for (const activity of activities) {
      for (let m = 0; m < MEMBERS; m++) {
        const event = cardActionEvent({ value: { command: '签到', activityId: String(activity.id) }, operatorOpenId: `ou_bench${m}`, token: TOKEN, chatId: GROUP, eventId: `bench-${activity.id}-${m}` });
        const request = feishuRequest(event, ENCRYPT_KEY);
        bodies.push(request.body);
        headers.push(request.headers);
      }
    }

    // The last events warm up each server; the measured runs start from the first.
    const warmFrom = bodies.length - Math.ceil(perSecondCeiling * WARM_UP_SECONDS);
    const warmUp = (url: string) => postDistinct(url, bodies.slice(warmFrom), headers.slice(warmFrom), WARM_UP_SECONDS, connections);
    const measured = { bodies: bodies.slice(0, warmFrom), headers: headers.slice(0, warmFrom) };
    const baselineServer = await startChildServer(['--import', 'tsx', 'bench/lib/baseline-server.ts'], {});
    await warmUp(`http://127.0.0.1:${baselineServer.port}/feishu/cards`);
    const baselineCpuBefore = processCpuSeconds(baselineServer.child.pid);
    const baseline = await postDistinct(`http://127.0.0.1:${baselineServer.port}/feishu/cards`, measured.bodies, measured.headers, seconds, connections);
    const baselineCpuMsPerRequest = ((processCpuSeconds(baselineServer.child.pid) - baselineCpuBefore) * 1000) / baseline.requests;
    await baselineServer.stop();

    const bots = [];
    for (let n = 0; n < processes; n++) {
      bots.push(await startChildServer([...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE.startsWith('/') ? process.env.BENCH_PROFILE : '/tmp/prof'}`] : []), 'bin/zhibu.mjs', 'serve'], {
        DATABASE_URL: database.url, PORT: '0', ZHIBU_REMINDERS: 'off', ZHIBU_HTTP_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production',
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'bench', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
      }));
    }
    // The chat type of the group is asked once; warm it so the run measures check-ins.
    standIn.chatModes.set(GROUP, 'group');
    // Each process gets every n-th event and its share of the connections, as a load balancer would.
    const share = <T>(list: T[], n: number) => list.filter((_, i) => i % processes === n);
    const perProcess = Math.max(1, Math.round(connections / processes));
    const warms = await Promise.all(bots.map((b, n) => postDistinct(`http://127.0.0.1:${b.port}/feishu/cards`, share(bodies.slice(warmFrom), n), share(headers.slice(warmFrom), n), WARM_UP_SECONDS, perProcess)));
    const cpuBefore = bots.map((b) => processCpuSeconds(b.child.pid));
    const results = await Promise.all(bots.map((b, n) => postDistinct(`http://127.0.0.1:${b.port}/feishu/cards`, share(measured.bodies, n), share(measured.headers, n), seconds, perProcess)));
    const cpuSeconds = bots.reduce((sum, b, n) => sum + processCpuSeconds(b.child.pid) - (cpuBefore[n] ?? 0), 0);
    const result = combined(results);
    const warm = combined(warms);
    const cpuMsPerRequest = (cpuSeconds * 1000) / result.requests;
    await Promise.all(bots.map((b) => b.stop()));

    const { openDatabase } = await import('../src/db/client.js');
    const after = await openDatabase(database.url);
    const [checkInRows, inboundEvents] = await Promise.all([after.db.checkIn.count(), after.db.inboundEvent.count()]);
    await after.close();
    // The warm-up's check-ins are rows too: they count in the lost/doubled balance.
    const acknowledged = result.requests - result.non2xx - result.errors + (warm.requests - warm.non2xx - warm.errors);
    return {
      provider, processes, bot: result, baseline, ratio: result.perSecond / baseline.perSecond, cpuMsPerRequest, baselineCpuMsPerRequest, checkInRows, inboundEvents, acknowledged,
      // Every acknowledged click must be a check-in; in-flight requests when the run stopped may add a few more.
      lost: Math.max(0, acknowledged - checkInRows),
      doubled: Math.max(0, checkInRows - inboundEvents),
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}

/** The runs against several processes as one: counts and rates add up; latencies are the worst process's (an upper bound). */
function combined(results: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    requests: sum((r) => r.requests), non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), perSecond: sum((r) => r.perSecond),
    p50Ms: Math.max(...results.map((r) => r.p50Ms)), p99Ms: Math.max(...results.map((r) => r.p99Ms)),
  };
}
