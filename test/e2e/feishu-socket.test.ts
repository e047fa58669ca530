import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { cardActionEvent, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'oc_group000000000001';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const IDS: Record<string, string> = { 张三: 'ou_zs', 李四: 'ou_ls', 王五: 'ou_ww', 赵六: 'ou_zl' };

interface Health {
  status: string;
  platforms: Record<string, string>;
  connections?: Record<string, { state: string; since: string; unconnectedSince?: string; hasGivenUp: boolean; restarts: number; reconnects: number; problem?: string }>;
}

// The Feishu long connection end to end over a real WebSocket: the SDK's WSClient asks the
// stand-in's endpoint for a URL, connects, and receives pbbp2 frames (feishu-gateway.ts).
describe.each(testProviders())('the Feishu long connection over a real socket on %s', (provider) => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let bot: RunningBot;
  const logLines: string[] = [];

  const healthz = async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    return { status: response.status, body: (await response.json()) as Health };
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`http://127.0.0.1:${bot.port}/metrics`)).text();
    return Number(new RegExp(`^${name}\\{platform="feishu"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  };
  const say = (name: string, text: string, extra: { messageId?: string; chatType?: 'p2p' | 'group'; chatId?: string } = {}) =>
    messageEvent({ text, senderOpenId: IDS[name] ?? name, mentions: [BOT], token: 'unused', chatId: extra.chatId ?? GROUP, ...extra });
  const logged = (pattern: RegExp) => logLines.filter((l) => pattern.test(l)).length;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startFeishuStandIn();
    const seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (n) => IDS[n] ?? n });
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const stderr = new PassThrough();
    stderr.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    bot = await startBot(readConfig({
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'info', ZHIBU_REMINDERS: 'off', ZHIBU_CONNECTION_GRACE_SECONDS: '3',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'feishu-secret', FEISHU_MODE: 'ws', FEISHU_DOMAIN: standIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr });
    await waitFor(() => standIn.gateway.connections === 1, 'the long connection');
  });
  afterAll(async () => {
    await bot.stop();
    await standIn.close();
    await t.close();
  });

  it('connects, says so once in the log, on /healthz and in /metrics', async () => {
    await waitFor(async () => (await healthz()).status === 200, 'a healthy /healthz');
    const { body } = await healthz();
    expect(body.platforms).toEqual({ feishu: 'connected' });
    expect(body.connections?.feishu).toMatchObject({ state: 'connected', hasGivenUp: false, restarts: 0, reconnects: 0 });
    expect(logged(/"msg":"feishu connection connected"/)).toBe(1);
    expect(await metric('zhibu_platform_connected')).toBe(1);
  });

  it('acknowledges an event frame, records the check-in once and answers once, also when the frame comes again', async () => {
    const event = say('李四', '@_user_1 签到', { messageId: 'om_socket_1' });
    const first = standIn.gateway.push(event);
    await waitFor(() => standIn.gateway.acks.some((a) => a.messageId === first), 'the ack');
    expect(standIn.gateway.acks.find((a) => a.messageId === first)).toMatchObject({ type: 'event', code: 200 });
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    const again = standIn.gateway.push(event);
    await waitFor(() => standIn.gateway.acks.some((a) => a.messageId === again), 'the second ack');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(standIn.calls).toHaveLength(1);
    expect(await t.db.checkIn.count({ where: { member: { name: '李四' } } })).toBe(1);
  });

  it('handles one person\'s messages in the order they came: twelve lines of a meeting record sent at once, then 完成, are saved in order', async () => {
    const activity = await t.db.activity.findFirstOrThrow();
    const opened = new Date();
    await t.db.recordDialogue.create({ data: { platform: 'feishu', tenant: TENANT, userId: IDS['张三'] ?? '', activityId: activity.id, content: '', openedAt: opened, expiresAt: new Date(opened.getTime() + 30 * 60_000) } });
    const lines = Array.from({ length: 12 }, (_, i) => `第${i + 1}项：${'讨论'.repeat(i + 1)}`);
    const before = standIn.calls.length;
    for (const [i, line] of [...lines, '完成'].entries()) standIn.gateway.push(say('张三', line, { messageId: `om_line_${i}`, chatType: 'p2p', chatId: 'oc_p2p_zs' }));
    await waitFor(() => standIn.calls.length === before + 13, 'an answer to each line and to 完成', 15_000);
    expect(await t.db.meetingRecord.findUnique({ where: { activityId: activity.id }, select: { content: true } })).toEqual({ content: lines.join('\n') });
    expect(standIn.texts().at(-1)).toContain(`已保存活动 #${activity.id}`);
    expect(await t.db.recordDialogue.count()).toBe(0);
  });

  it('reassembles an event sent in fragments', async () => {
    const before = standIn.calls.length;
    standIn.gateway.push(say('赵六', '@_user_1 签到'), { fragments: 3 });
    await waitFor(() => standIn.calls.length === before + 1, 'the answer to the fragmented event');
    expect(await t.db.checkIn.count({ where: { member: { name: '赵六' } } })).toBe(1);
  });

  it.each(['card', 'event'] as const)('routes a card click in a type=%s frame to the handler and acks with the toast', async (type) => {
    const member = type === 'card' ? '王五' : '张三';
    const id = standIn.gateway.push(cardActionEvent({ value: { command: '签到' }, operatorOpenId: IDS[member] ?? '', token: 'unused', chatId: GROUP }), { type });
    await waitFor(() => standIn.gateway.acks.some((a) => a.messageId === id), `the ack of the ${type} frame`);
    expect(standIn.gateway.acks.find((a) => a.messageId === id)).toEqual({
      messageId: id, type, code: 200, data: { toast: { type: 'success', content: `${member}签到成功：主题党日。` } },
    });
    expect(await t.db.checkIn.findFirst({ where: { member: { name: member } } })).toMatchObject({ via: 'card' });
  });

  it('adds eleven people named by mention placeholders @_user_2 … @_user_12', async () => {
    const people = Array.from({ length: 11 }, (_, i) => ({ openId: `ou_new${String(i + 1).padStart(2, '0')}`, name: `新党员${i + 1}` }));
    const placeholders = people.map((_, i) => `@_user_${i + 2}`).join(' ');
    const before = standIn.calls.length;
    standIn.gateway.push(messageEvent({ text: `@_user_1 /member add ${placeholders}`, senderOpenId: 'ou_zs', mentions: [BOT, ...people], token: 'unused', chatId: GROUP }));
    await waitFor(() => standIn.calls.length > before, 'the answer');
    const added = await t.db.member.findMany({ where: { name: { startsWith: '新党员' } }, include: { identities: true }, orderBy: { id: 'asc' } });
    expect(added.map((m) => [m.name, m.identities[0]?.platformUserId])).toEqual(people.map((p) => [p.name, p.openId]));
  });

  it('reconnects after the gateway drops the socket, logging it and counting the reconnect', async () => {
    standIn.gateway.drop();
    await waitFor(async () => (await healthz()).body.platforms.feishu === 'reconnecting', 'the reconnecting state');
    expect((await healthz()).status).toBe(200);
    await waitFor(() => standIn.gateway.connections === 1, 'the reconnection', 20_000);
    await waitFor(async () => (await healthz()).body.platforms.feishu === 'connected', 'the connected state');
    expect(logged(/"msg":"feishu connection reconnecting"/)).toBe(1);
    expect(logged(/"msg":"feishu connection connected"/)).toBe(2);
    expect(await metric('zhibu_platform_reconnects_total')).toBe(1);
    const before = standIn.calls.length;
    standIn.gateway.push(say('张三', '/whoami', { chatType: 'p2p', chatId: 'oc_p2p_zs' }));
    await waitFor(() => standIn.calls.length === before + 1, 'the answer after reconnecting');
  });

  it('a "system busy" answer no longer makes the bot deaf: 503 while given up, restarted when the gateway is back', async () => {
    standIn.gateway.mode = 'busy';
    standIn.gateway.drop();
    await waitFor(async () => (await healthz()).status === 503, 'the unhealthy state', 20_000);
    const { body } = await healthz();
    expect(body.connections?.feishu).toMatchObject({ hasGivenUp: true, problem: 'the SDK gave up; restarting' });
    expect(Date.parse(body.connections?.feishu?.unconnectedSince ?? '')).toBeGreaterThan(0);
    expect(logged(/"msg":"feishu connection given up by the SDK"/)).toBeGreaterThanOrEqual(1);
    standIn.gateway.mode = 'accept';
    await waitFor(() => standIn.gateway.connections === 1, 'the restarted connection', 30_000);
    await waitFor(async () => (await healthz()).status === 200, 'health back', 10_000);
    expect(logged(/"msg":"feishu connection restarted"/)).toBeGreaterThanOrEqual(1);
    expect(await metric('zhibu_platform_restarts_total')).toBeGreaterThanOrEqual(1);
    const before = standIn.calls.length;
    standIn.gateway.push(say('张三', '/help', { chatType: 'p2p', chatId: 'oc_p2p_zs' }));
    await waitFor(() => standIn.calls.length === before + 1, 'the answer after the restart');
  });

  it('a refused gateway turns /healthz 503 after the grace period, saying since when, and 200 once connected', async () => {
    standIn.gateway.mode = 'refuse';
    standIn.gateway.drop();
    await waitFor(async () => (await healthz()).status === 503, 'the unhealthy state after the grace period', 20_000);
    const { body } = await healthz();
    expect(body.connections?.feishu).toMatchObject({ hasGivenUp: false, problem: 'not connected for more than 3 s' });
    expect(body.status).toBe('unhealthy');
    standIn.gateway.mode = 'accept';
    await waitFor(async () => (await healthz()).status === 200, 'health back', 30_000);
    expect((await healthz()).body.platforms.feishu).toBe('connected');
  });
});
