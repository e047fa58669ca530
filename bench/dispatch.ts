// Benchmark 3, dispatch: 20,000 due notifications sent through the real Feishu adapter to a
// stand-in OpenAPI that enforces Feishu's limits (50/s per app, 5/s per chat or person, 429
// beyond). Reports the achieved rate as a fraction of the limit, the 429s, and whether every
// notification arrived exactly once.
import type { Provider } from '../src/db/provider.js';
import { insertNotifications } from '../src/db/insert-notifications.js';
import { silentLogger } from '../src/logger.js';
import { FeishuPlatform } from '../src/platforms/feishu/feishu-platform.js';
import { dispatchDue } from '../src/reminders/dispatcher.js';
import { startFeishuStandIn } from '../test/support/feishu-stand-in.js';
import { benchDatabase } from './lib/bench-database.js';

const LIMIT_PER_SECOND = 50;

export interface DispatchResult {
  provider: Provider;
  notifications: number;
  seconds: number;
  perSecond: number;
  fractionOfLimit: number;
  rejected429: number;
  rejectedShare: number;
  received: number;
  lost: number;
  doubled: number;
}

export async function dispatchBenchmark(provider: Provider, count = 20_000): Promise<DispatchResult> {
  const database = await benchDatabase(provider);
  const standIn = await startFeishuStandIn({ limits: { perApp: LIMIT_PER_SECOND, perTarget: 5 } });
  try {
    const { db } = database;
    const due = new Date(Date.now() - 60_000);
    const payload = JSON.stringify({ title: '党费缴纳提醒', lines: ['今天是党费日，本月党费请按时缴纳。', '缴纳后请发送「已缴」。'] });
    // Mostly people in private (a dues day), every tenth a group notice (to 200 groups).
    await insertNotifications(db, Array.from({ length: count }, (_, i) => ({
      idempotencyKey: `bench:${i}`, kind: i % 10 === 0 ? 'dues_day_group' : 'dues_private', branchId: null, memberId: null,
      platform: 'feishu', tenant: 'bench', targetKind: i % 10 === 0 ? 'chat' : 'user', targetId: i % 10 === 0 ? `oc_group_${i % 200}` : `ou_member_${i}`,
      payload, dueAt: due, expiresAt: null, status: 'pending' as const, lastError: null,
    })), due);
    const feishu = new FeishuPlatform({ appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 'bench', mode: 'webhook', domain: standIn.url, log: silentLogger });
    const started = performance.now();
    let sent = 0;
    for (let pass = 0; sent < count && pass < 1000; pass++) {
      const summary = await dispatchDue({ db, platforms: new Map([['feishu', feishu]]), log: silentLogger, workerId: 'bench', defaultZone: 'Asia/Shanghai' }, new Date());
      sent += summary.sent;
      if (summary.sent === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    await feishu.stop();
    const keys = standIn.calls.map((c) => c.uuid ?? '');
    const distinct = new Set(keys);
    return {
      provider, notifications: count, seconds, perSecond: sent / seconds, fractionOfLimit: sent / seconds / LIMIT_PER_SECOND,
      rejected429: standIn.rejected429, rejectedShare: standIn.rejected429 / (standIn.calls.length + standIn.rejected429),
      received: distinct.size, lost: count - distinct.size, doubled: keys.length - distinct.size,
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}
