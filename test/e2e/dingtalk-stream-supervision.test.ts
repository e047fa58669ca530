import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'cidGroupSupervised01==';

interface Health {
  platforms: Record<string, string>;
  connections?: Record<string, { state: string; unconnectedSince?: string; reconnects: number; problem?: string }>;
}

// The DingTalk Stream connection under supervision, over a real socket: drops, a busy
// gateway, a refused socket, and the SYSTEM frames.
describe('the DingTalk Stream connection under supervision', () => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let bot: RunningBot;
  const logLines: string[] = [];

  const healthz = async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    return { status: response.status, body: (await response.json()) as Health };
  };
  const logged = (pattern: RegExp) => logLines.filter((l) => pattern.test(l)).length;
  const answered = async (text: string) => {
    const before = standIn.calls.length;
    standIn.push(robotMessage({ text, staffId: 'zhangsan01', nick: '张三', conversationId: GROUP, sessionWebhook: standIn.sessionWebhook('s-sup') }));
    await waitFor(() => standIn.calls.length > before, `the answer to ${text}`);
  };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startDingtalkStandIn();
    const seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (n) => ({ 张三: 'zhangsan01' })[n] ?? n });
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const stderr = new PassThrough();
    stderr.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    bot = await startBot(readConfig({
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'info', ZHIBU_REMINDERS: 'off', ZHIBU_CONNECTION_GRACE_SECONDS: '2',
      DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: standIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr });
    await waitFor(() => standIn.connections === 1, 'the stream connection');
  });
  afterAll(async () => {
    await bot.stop();
    await standIn.close();
    await t.close();
  });

  it('echoes a SYSTEM ping and reconnects on a SYSTEM disconnect', async () => {
    const ping = standIn.system('ping');
    await waitFor(() => standIn.upFrames.some((f) => (f.headers as { messageId?: string }).messageId === ping), 'the pong');
    expect(standIn.upFrames.find((f) => (f.headers as { messageId?: string }).messageId === ping)).toMatchObject({ code: 200, data: JSON.stringify({ opaque: ping }) });
    const opened = standIn.gatewayRequests.length;
    standIn.system('disconnect');
    await waitFor(() => standIn.gatewayRequests.length > opened && standIn.connections === 1, 'the new connection', 20_000);
    await answered('/whoami');
  });

  it('after a drop, logs reconnecting and connected once each and counts the reconnect', async () => {
    const reconnectingBefore = logged(/"msg":"dingtalk connection reconnecting"/);
    const reconnects = (await healthz()).body.connections?.dingtalk?.reconnects ?? 0;
    standIn.dropConnections();
    await waitFor(() => standIn.connections === 1, 'the reconnection');
    await waitFor(async () => (await healthz()).body.platforms.dingtalk === 'connected', 'the connected state');
    expect(logged(/"msg":"dingtalk connection reconnecting"/)).toBe(reconnectingBefore + 1);
    expect((await healthz()).body.connections?.dingtalk?.reconnects).toBe(reconnects + 1);
    await answered('/help');
  });

  it.each(['busy', 'refuse'] as const)('a %s gateway turns /healthz 503 after the grace period, and 200 once it connects again', async (mode) => {
    standIn.gatewayMode = mode;
    standIn.dropConnections();
    await waitFor(async () => (await healthz()).status === 503, 'the unhealthy state', 20_000);
    expect((await healthz()).body.connections?.dingtalk).toMatchObject({ problem: 'not connected for more than 2 s' });
    expect(Date.parse((await healthz()).body.connections?.dingtalk?.unconnectedSince ?? '')).toBeGreaterThan(0);
    standIn.gatewayMode = 'accept';
    await waitFor(async () => (await healthz()).status === 200, 'health back', 20_000);
    await answered('/whoami');
  });
});
