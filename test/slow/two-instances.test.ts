import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { startServe } from '../support/run-zhibu.js';
import { addActivity } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { namesAnswered } from '../support/check-in-answers.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'two-instances-key';
const TOKEN = 'two-instances-token';
const GROUP = 'oc_two_instances';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const MEMBERS = 150;

// Two bot processes on one PostgreSQL behind a load balancer: every check-in event reaches
// both (a redelivery landing on the other instance), at the same moment. Each member is
// checked in once and answered once.
describe.runIf(testProviders().includes('postgresql'))('two instances on one PostgreSQL', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    standIn = await startFeishuStandIn();
    const branch = await t.db.organization.create({ data: { name: '第一党支部', kind: 'branch' } });
    await t.db.chatBinding.create({ data: { platform: 'feishu', tenant: TENANT, chatId: GROUP, branchId: branch.id } });
    for (let i = 0; i < MEMBERS; i++) {
      const member = await t.db.member.create({ data: { name: `党员${i}`, branchId: branch.id } });
      await t.db.identity.create({ data: { platform: 'feishu', tenant: TENANT, platformUserId: `ou_two${i}`, memberId: member.id } });
    }
    await addActivity(t.db, branch.id, new Date().toISOString());
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await standIn.close();
    await t.close();
  });

  const start = async (): Promise<number> => {
    const { child, port } = await startServe({
      DATABASE_URL: t.url, ZHIBU_HTTP_LIMIT_PER_MINUTE: '0',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 's', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    });
    children.push(child);
    return port;
  };

  it('checks each member in once and answers once, whichever instance gets the event', async () => {
    const ports = await Promise.all([start(), start()]);
    const deliveries: Promise<number>[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const event = messageEvent({ text: '@_user_1 签到', senderOpenId: `ou_two${i}`, mentions: [BOT], token: TOKEN, chatId: GROUP, messageId: `om_two_${i}` });
      for (const port of ports) {
        const { body, headers } = feishuRequest(event, ENCRYPT_KEY);
        deliveries.push(fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', body, headers }).then((r) => r.status));
      }
    }
    const statuses = await Promise.all(deliveries);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await waitFor(async () => (await t.db.checkIn.count()) === MEMBERS, 'every check-in', 60_000);
    const named = () => namesAnswered(standIn.texts());
    await waitFor(() => new Set(named()).size === MEMBERS, 'every reply', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await t.db.checkIn.count()).toBe(MEMBERS);
    // Each member named once in the group, whichever instance sent the (possibly combined) answer.
    expect(named()).toHaveLength(MEMBERS);
  });
});
