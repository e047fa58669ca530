import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, rowCounts, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'cidGroupStandin0001==';
const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };

// Stream mode end to end: zhibu asks the stand-in's gateway for a ticket under
// DINGTALK_API_BASE, opens the WebSocket it names, and receives robot messages as CALLBACK
// frames in the documented format (notes/platforms.md, section h).
describe.each(testProviders())('DingTalk Stream mode on %s', (provider) => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let bot: RunningBot;

  const start = () => startBot(readConfig({ ZHIBU_REMINDERS: 'off',
    DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: standIn.url,
  }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  const health = async () => ((await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as { platforms: Record<string, string> }).platforms.dingtalk;
  const push = (name: string, text: string, msgId?: string) =>
    standIn.push(robotMessage({ text, staffId: STAFF[name] ?? name, nick: name, conversationId: GROUP, sessionWebhook: standIn.sessionWebhook('s-stream'), ...(msgId ? { msgId } : {}) }));

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startDingtalkStandIn();
    const seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    bot = await start();
    await waitFor(() => standIn.connections === 1, 'the stream connection');
  });
  afterAll(async () => {
    await bot.stop();
    await standIn.close();
    await t.close();
  });

  it('opens the connection with the app credentials and the robot topic, and says so on /healthz', async () => {
    expect(standIn.gatewayRequests[0]).toMatchObject({
      clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
      subscriptions: expect.arrayContaining([{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }]) as unknown,
    });
    expect(await health()).toBe('connected');
  });

  it('acknowledges a robot frame at once and answers through the session webhook', async () => {
    const messageId = push('李四', '签到');
    await waitFor(() => standIn.upFrames.some((f) => (f.headers as { messageId?: string }).messageId === messageId), 'the ack');
    expect(standIn.upFrames.find((f) => (f.headers as { messageId?: string }).messageId === messageId)).toEqual({
      code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ response: {} }),
    });
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.calls[0]).toEqual({ kind: 'session', session: 's-stream', msgKey: 'text', param: { content: '李四签到成功：主题党日。' } });
    expect(await t.db.checkIn.findFirst({ include: { member: true } })).toMatchObject({ member: { name: '李四' }, via: 'text' });
  });

  it('a message pushed again, and again after a restart, checks in once and replies once', async () => {
    const before = standIn.calls.length;
    const first = push('王五', '签到', 'msgStreamRepeat01');
    await waitFor(() => standIn.calls.length === before + 1, 'the reply');
    const second = push('王五', '签到', 'msgStreamRepeat01');
    await waitFor(() => standIn.upFrames.some((f) => (f.headers as { messageId?: string }).messageId === second), 'the second ack');
    await bot.stop();
    bot = await start();
    await waitFor(() => standIn.connections === 1, 'the new connection');
    const third = push('王五', '签到', 'msgStreamRepeat01');
    await waitFor(() => standIn.upFrames.some((f) => (f.headers as { messageId?: string }).messageId === third), 'the third ack');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(first).not.toBe(second);
    expect(await t.db.checkIn.count({ where: { member: { name: '王五' } } })).toBe(1);
    expect(standIn.calls.length).toBe(before + 1);
  });

  it('drops frames it cannot read without crashing, and keeps answering', async () => {
    const before = await rowCounts(t.db);
    standIn.pushRaw('{"specVersion": "1.0", "type": ');
    standIn.push('not a robot message');
    standIn.push({ hello: 'world' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rowCounts(t.db)).toEqual(before);
    const calls = standIn.calls.length;
    push('赵六', '签到');
    await waitFor(() => standIn.calls.length === calls + 1, 'the answer after the garbage');
    expect(standIn.texts().at(-1)).toBe('赵六签到成功：主题党日。');
  });

  it('reconnects after the gateway drops it, showing "reconnecting" meanwhile', async () => {
    standIn.dropConnections();
    await waitFor(async () => (await health()) === 'reconnecting', 'the reconnecting state');
    await waitFor(() => standIn.connections === 1, 'the reconnection');
    await waitFor(async () => (await health()) === 'connected', 'the connected state');
    const calls = standIn.calls.length;
    push('张三', '/whoami');
    await waitFor(() => standIn.calls.length === calls + 2, 'the answers after reconnecting');
  });

  it('does not reconnect once stopped', async () => {
    await bot.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(standIn.connections).toBe(0);
    bot = await start();
    await waitFor(() => standIn.connections === 1, 'the connection of the restarted bot');
  });
});
