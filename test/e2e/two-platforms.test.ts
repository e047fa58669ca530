import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'zhibu-test-encrypt-key';
const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
const FEISHU_GROUP = 'oc_group000000000001';
const DINGTALK_GROUP = 'cidGroupStandin0001==';

describe('Feishu and DingTalk in one process', () => {
  let t: TestDatabase;
  let feishu: FeishuStandIn;
  let dingtalk: DingtalkStandIn;
  let bot: RunningBot;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    feishu = await startFeishuStandIn();
    dingtalk = await startDingtalkStandIn();
    const first = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: FEISHU_GROUP, accountOf: (n) => `ou_${n}` });
    const second = await seedBranch(t.db, { name: '第二党支部', platform: 'dingtalk', tenant: CORP_ID, chatId: DINGTALK_GROUP, accountOf: (n) => `staff_${n}` });
    await addActivity(t.db, first.branchId, new Date().toISOString());
    await addActivity(t.db, second.branchId, new Date().toISOString(), 'Asia/Shanghai', '支部党员大会');
    bot = await startBot(readConfig({ ZHIBU_REMINDERS: 'off',
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'secret', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_MODE: 'webhook', FEISHU_DOMAIN: feishu.url,
      DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: dingtalk.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
    await waitFor(() => dingtalk.connections === 1, 'the DingTalk stream');
  });
  afterAll(async () => {
    await bot.stop();
    await feishu.close();
    await dingtalk.close();
    await t.close();
  });

  it('reports both platforms on /healthz', async () => {
    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(await health.json()).toEqual({
      status: 'ok', database: 'ok', platforms: { feishu: 'webhook', dingtalk: 'connected' },
      // Only a long connection is supervised; a webhook has no connection to report.
      connections: { dingtalk: { state: 'connected', since: expect.any(String) as unknown, hasGivenUp: false, restarts: 0, reconnects: 0, isHealthy: true } },
    });
  });

  it('answers each platform on its own, checking in each branch', async () => {
    const request = feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: 'ou_李四', mentions: [{ openId: 'ou_bot0000000000', name: '支部助手', isBot: true }], token: TOKEN, chatId: FEISHU_GROUP }), ENCRYPT_KEY);
    await fetch(`http://127.0.0.1:${bot.port}/feishu/events`, { method: 'POST', body: request.body, headers: request.headers });
    dingtalk.push(robotMessage({ text: '签到', staffId: 'staff_王五', nick: '王五', conversationId: DINGTALK_GROUP, sessionWebhook: dingtalk.sessionWebhook('s-two') }));
    await waitFor(() => feishu.calls.length === 1 && dingtalk.calls.length === 1, 'both replies');
    expect(feishu.texts()).toEqual(['李四签到成功：主题党日。']);
    expect(dingtalk.texts()).toEqual(['王五签到成功：支部党员大会。']);
    const rows = await t.db.checkIn.findMany({ include: { member: { include: { branch: true } } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.member.branch.name, r.member.name]).sort()).toEqual([['第一党支部', '李四'], ['第二党支部', '王五']]);
  });
});
