import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'cidGroupRestart0001==';
const PRIVATE = 'cidPrivateLisi0001==';
const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };

// DingTalk remembers a private conversation only in memory (its session webhook, whom it is
// with). A reply to a private message that could not be sent before a restart must still reach
// the person after it, not go to the group endpoint with the private conversationId.
describe.each(testProviders())('a private DingTalk reply across a restart on %s', (provider) => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let bot: RunningBot;

  const start = () => startBot(readConfig({
    ZHIBU_REMINDERS: 'off', DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent',
    DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: standIn.url,
  }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startDingtalkStandIn();
    await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    bot = await start();
    await waitFor(() => standIn.connections === 1, 'the stream connection');
  });
  afterAll(async () => {
    await bot.stop();
    await standIn.close();
    await t.close();
  });

  it('reaches the person by batchSend after the restart', async () => {
    // The session webhook refuses and the OpenAPI fails every try of the first send.
    standIn.refusedSessions.add('s-private');
    standIn.fail('500', '500', '500');
    standIn.push(robotMessage({ text: '/whoami', staffId: 'lisi02', nick: '李四', conversationType: '1', conversationId: PRIVATE, sessionWebhook: standIn.sessionWebhook('s-private') }));
    await waitFor(async () => (await t.db.notification.count({ where: { kind: 'reply', status: 'pending', attempts: { gte: 1 } } })) === 1, 'the reply waiting for a retry');
    expect(standIn.calls).toHaveLength(0);

    await bot.stop();
    bot = await start();
    await waitFor(() => standIn.connections === 1, 'the new connection');
    await waitFor(() => standIn.calls.length > 0, 'the reply after the restart', 20_000);
    expect(standIn.calls).toHaveLength(1);
    expect(standIn.calls[0]).toMatchObject({ kind: 'oto', robotCode: CLIENT_ID, userIds: ['lisi02'] });
    expect(String(standIn.calls[0]?.param.content ?? standIn.calls[0]?.param.text)).toContain('dingtalk:lisi02');
    expect(standIn.calls.some((c) => c.kind === 'group')).toBe(false);
    // Marked sent once DingTalk has answered.
    await waitFor(async () => (await t.db.notification.count({ where: { kind: 'reply', status: 'sent' } })) === 1, 'the reply marked sent');
  }, 60_000);
});
