import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot } from '../../src/main.js';
import { createConversation } from '../../src/bot/handle-message.js';
import { allCommands } from '../../src/bot/commands/index.js';
import { createLiveMessageStore } from '../../src/bot/live-messages.js';
import { createRegistry } from '../../src/bot/registry.js';
import { silentLogger } from '../../src/logger.js';
import { FeishuPlatform } from '../../src/platforms/feishu/feishu-platform.js';
import { cardActionEvent, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'oc_group000000000001';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const IDS: Record<string, string> = { 张三: 'ou_zs', 李四: 'ou_ls', 王五: 'ou_ww', 赵六: 'ou_zl' };

// The long connection hands each event, already decrypted and authenticated, to
// `eventDispatcher.invoke(event, { needCheck: false })` (notes/platforms.md, section d):
// `FeishuPlatform.invoke` is that call, so these tests run the long-connection path.
describe.each(testProviders())('Feishu long-connection path on %s', (provider) => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let feishu: FeishuPlatform;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startFeishuStandIn();
    const seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (n) => IDS[n] ?? n });
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    feishu = new FeishuPlatform({ appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 's', mode: 'webhook', domain: standIn.url, log: silentLogger, liveMessages: createLiveMessageStore(t.db) });
    await feishu.start(createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger }));
  });
  afterAll(async () => {
    await feishu.stop();
    await standIn.close();
    await t.close();
  });

  it('a group message reaches the core, is recorded once, and is answered once', async () => {
    const event = messageEvent({ text: '@_user_1 签到', senderOpenId: 'ou_ls', mentions: [BOT], token: 'unused', chatId: GROUP, messageId: 'om_ws_1' });
    expect(await feishu.invoke(event)).toEqual({});
    expect(await feishu.invoke(event)).toEqual({});
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(standIn.calls).toHaveLength(1);
    expect(await t.db.checkIn.count()).toBe(1);
  });

  it('a card callback returns its toast through the dispatcher', async () => {
    const result = await feishu.invoke(cardActionEvent({ value: { command: '签到' }, operatorOpenId: 'ou_ww', token: 'unused', chatId: GROUP }));
    expect(result).toEqual({ toast: { type: 'success', content: '王五签到成功：主题党日。' } });
  });

  it('a group message that does not mention the bot and is not a command is ignored', async () => {
    const before = standIn.calls.length;
    await feishu.invoke(messageEvent({ text: '大家下午好', senderOpenId: 'ou_zl', token: 'unused', chatId: GROUP }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(standIn.calls.length).toBe(before);
    expect(await t.db.inboundEvent.count()).toBe(2);
  });
});

describe('a Feishu long connection that gives up', () => {
  it('turns /healthz unhealthy and says why', async () => {
    const t = await createTestDatabase('sqlite');
    const standIn = await startFeishuStandIn();
    const bot = await startBot(readConfig({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', ZHIBU_REMINDERS: 'off', FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'wrong', FEISHU_MODE: 'ws', FEISHU_DOMAIN: standIn.url }),
      { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status === 503, 'the health check to notice', 20_000);
      expect(await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()).toMatchObject({
        status: 'unhealthy', database: 'ok', platforms: { feishu: 'failed' }, connections: { feishu: { state: 'failed', hasGivenUp: true, problem: 'the SDK gave up; restarting' } },
      });
    } finally {
      await bot.stop();
      await standIn.close();
      await t.close();
    }
  });
});
