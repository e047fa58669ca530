import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { processEnv, ZHIBU_BIN } from '../support/run-zhibu.js';
import { addActivity } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { namesAnswered } from '../support/check-in-answers.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'shutdown-test-key';
const TOKEN = 'shutdown-test-token';
const GROUP = 'oc_shutdown_group';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const MEMBERS = 120;

interface Bot {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

// SIGTERM while Feishu is delivering check-ins: the bot stops taking events (503, so Feishu
// retries them), finishes those in hand and exits cleanly; after a restart every event is
// delivered again, as Feishu would for the unacknowledged ones and sometimes for the others.
// Every member ends up checked in once and answered once.
describe('stopping under load', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
    const branch = await t.db.organization.create({ data: { name: '第一党支部', kind: 'branch' } });
    await t.db.chatBinding.create({ data: { platform: 'feishu', tenant: TENANT, chatId: GROUP, branchId: branch.id } });
    for (let i = 0; i < MEMBERS; i++) {
      const member = await t.db.member.create({ data: { name: `党员${i}`, branchId: branch.id } });
      await t.db.identity.create({ data: { platform: 'feishu', tenant: TENANT, platformUserId: `ou_m${i}`, memberId: member.id } });
    }
    await addActivity(t.db, branch.id, new Date().toISOString());
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });

  const start = async (): Promise<Bot> => {
    const child = spawn(process.execPath, [ZHIBU_BIN, 'serve'], {
      env: processEnv({
        PORT: '0', LOG_LEVEL: 'info', ZHIBU_REMINDERS: 'off', DATABASE_URL: t.url,
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 's', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url, ZHIBU_HTTP_LIMIT_PER_MINUTE: '0',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr?.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(() => /"port":(\d+),"msg":"http listening"/.test(logs), `the bot to listen: ${logs}`, 60_000);
    const port = Number(/"port":(\d+),"msg":"http listening"/.exec(logs)?.[1]);
    return { child, port, exited };
  };

  const events = Array.from({ length: MEMBERS }, (_, i) => messageEvent({
    text: '@_user_1 签到', senderOpenId: `ou_m${i}`, mentions: [BOT], token: TOKEN, chatId: GROUP, messageId: `om_shutdown_${i}`,
  }));
  const deliver = async (port: number, event: Record<string, unknown>): Promise<number> => {
    const { body, headers } = feishuRequest(event, ENCRYPT_KEY);
    try {
      return (await fetch(`http://127.0.0.1:${port}/feishu/events`, { method: 'POST', body, headers })).status;
    } catch {
      return 0; // connection refused: the process is gone
    }
  };

  it('loses nothing and doubles nothing across a SIGTERM and a restart', async () => {
    const first = await start();
    const statuses: number[] = [];
    let next = 0;
    const sender = async () => {
      while (next < events.length) {
        const i = next++;
        const event = events[i];
        if (event) statuses[i] = await deliver(first.port, event);
        if (i === Math.floor(MEMBERS / 2)) first.child.kill('SIGTERM');
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    expect(await first.exited).toBe(0);
    const acknowledged = statuses.filter((s) => s === 200).length;
    expect(acknowledged).toBeGreaterThan(0);
    expect(acknowledged).toBeLessThan(MEMBERS);
    // Everything acknowledged was finished before the process left.
    expect(await t.db.checkIn.count()).toBe(acknowledged);

    const second = await start();
    for (const event of events) expect(await deliver(second.port, event)).toBe(200);
    await waitFor(async () => (await t.db.checkIn.count()) === MEMBERS, 'every check-in', 60_000);
    // Answers waiting together go as one group message naming each member: count the names.
    const named = () => namesAnswered(standIn.texts());
    await waitFor(() => new Set(named()).size === MEMBERS, 'every reply', 60_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expect(await t.db.checkIn.count()).toBe(MEMBERS);
    expect(named()).toHaveLength(MEMBERS);
  }, 180_000);
});
