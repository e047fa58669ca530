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

const ENCRYPT_KEY = 'bench-encrypt-key';
const TOKEN = 'bench-token';
const GROUP = 'oc_bench_group';
const MEMBERS = 500;

export interface InboundResult {
  provider: Provider;
  bot: LoadResult;
  baseline: LoadResult;
  ratio: number;
  checkInRows: number;
  inboundEvents: number;
  acknowledged: number;
  lost: number;
  doubled: number;
}

export async function inboundBenchmark(provider: Provider, seconds = 20, connections = 50): Promise<InboundResult> {
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
    const activityCount = Math.ceil((perSecondCeiling * seconds) / MEMBERS);
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

    const baselineServer = await startChildServer(['--import', 'tsx', 'bench/lib/baseline-server.ts'], {});
    const baseline = await postDistinct(`http://127.0.0.1:${baselineServer.port}/feishu/cards`, bodies, headers, seconds, connections);
    await baselineServer.stop();

    const bot = await startChildServer([...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE.startsWith('/') ? process.env.BENCH_PROFILE : '/tmp/prof'}`] : []), 'bin/zhibu.mjs', 'serve'], {
      DATABASE_URL: database.url, PORT: '0', ZHIBU_REMINDERS: 'off', ZHIBU_HTTP_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'bench', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    });
    // The chat type of the group is asked once; warm it so the run measures check-ins.
    standIn.chatModes.set(GROUP, 'group');
    const result = await postDistinct(`http://127.0.0.1:${bot.port}/feishu/cards`, bodies, headers, seconds, connections);
    await bot.stop();

    const { openDatabase } = await import('../src/db/client.js');
    const after = await openDatabase(database.url);
    const [checkInRows, inboundEvents] = await Promise.all([after.db.checkIn.count(), after.db.inboundEvent.count()]);
    await after.close();
    const acknowledged = result.requests - result.non2xx - result.errors;
    return {
      provider, bot: result, baseline, ratio: result.perSecond / baseline.perSecond, checkInRows, inboundEvents, acknowledged,
      // Every acknowledged click must be a check-in; in-flight requests when the run stopped may add a few more.
      lost: Math.max(0, acknowledged - checkInRows),
      doubled: Math.max(0, checkInRows - inboundEvents),
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}
