import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'zhibu-test-encrypt-key';
const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
const GROUP = 'oc_group_burst_000001';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const PEOPLE = Array.from({ length: 40 }, (_, i) => `党员${String(i + 1).padStart(2, '0')}`);
const openIdOf = (name: string) => `ou_burst_${Buffer.from(name).toString('hex')}`;

// A party day's burst of typed check-ins in one group (user-pains: members leave groups over
// chatty bots): the group hears few messages naming everyone once, not one message each. Over
// the wire: signed, encrypted webhook events in, the Feishu stand-in's OpenAPI out, a moment of
// Feishu answering 500 while the burst arrives so the answers are waiting together.
describe.each(testProviders())('a burst of check-ins answered in few group messages on %s', (provider) => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let bot: RunningBot;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startFeishuStandIn({ limits: { perApp: 50, perTarget: 5 } });
    const seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: openIdOf });
    for (const name of PEOPLE) {
      const member = await t.db.member.create({ data: { name, branchId: seeded.branchId, joinedAt: '2020-07-01' } });
      await t.db.identity.create({ data: { platform: 'feishu', tenant: TENANT, platformUserId: openIdOf(name), memberId: member.id } });
    }
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    bot = await startBot(readConfig({
      ZHIBU_REMINDERS: 'off', DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'secret',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  });
  afterAll(async () => {
    await bot.stop();
    await standIn.close();
    await t.close();
  });

  it('forty typed 签到 reach the group as a few messages, each member named once, every check-in stored once', async () => {
    standIn.startOutage('500');
    const statuses = await Promise.all(PEOPLE.map(async (name, i) => {
      const request = feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: openIdOf(name), mentions: [BOT], token: TOKEN, chatId: GROUP, messageId: `om_burst_${i}` }), ENCRYPT_KEY);
      return (await fetch(`http://127.0.0.1:${bot.port}/feishu/events`, { method: 'POST', body: request.body, headers: request.headers })).status;
    }));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await waitFor(async () => (await t.db.checkIn.count()) === PEOPLE.length, 'every check-in stored', 20_000);
    standIn.endOutage();
    await waitFor(async () => (await t.db.notification.count({ where: { status: 'sent' } })) === PEOPLE.length, 'every answer sent', 40_000);

    const texts = standIn.calls.filter((c) => c.kind === 'create' || c.kind === 'reply').map((c) => JSON.stringify(c.content));
    // One message each would be 40; the answers that waited together went together.
    expect(texts.length).toBeLessThanOrEqual(10);
    for (const name of PEOPLE) expect(texts.filter((text) => text.includes(name))).toHaveLength(1);
    expect(texts.some((text) => /党员\d\d、党员\d\d.*签到成功：主题党日。/u.test(text))).toBe(true);
    expect(await t.db.checkIn.count()).toBe(PEOPLE.length);
  }, 90_000);

  it('a check-in alone is answered as before, threaded to the member\'s message', async () => {
    await t.db.checkIn.deleteMany();
    standIn.calls.length = 0;
    const request = feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: openIdOf('党员01'), mentions: [BOT], token: TOKEN, chatId: GROUP, messageId: 'om_alone' }), ENCRYPT_KEY);
    expect((await fetch(`http://127.0.0.1:${bot.port}/feishu/events`, { method: 'POST', body: request.body, headers: request.headers })).status).toBe(200);
    await waitFor(() => standIn.calls.length === 1, 'the answer', 10_000);
    expect(standIn.calls[0]).toMatchObject({ kind: 'reply', replyTo: 'om_alone', content: { text: '党员01签到成功：主题党日。' } });
  });
});
