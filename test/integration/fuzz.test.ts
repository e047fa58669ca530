import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../src/bot/handle-message.js';
import { allCommands } from '../../src/bot/commands/index.js';
import { createRegistry } from '../../src/bot/registry.js';
import type { Reply } from '../../src/bot/types.js';
import { readConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { dingtalkSign, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/test-database.js';

// Property-based abuse of the two webhooks and the command parser: random and mutated
// payloads, wrong types, missing fields, huge strings, invalid UTF-8 and deeply nested JSON.
// Whatever arrives: never a 5xx, never a thrown error, never a changed record, and the server
// still answers /healthz. (The runs are short enough for `npm test`; FUZZ_RUNS raises them.)
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const ENCRYPT_KEY = 'fuzz-encrypt-key';
const TOKEN = 'fuzz-token';
const GROUP = 'oc_fuzz_group';

/**
 * Counts that must not move (the inbound-event log may: it records what arrived; so may the
 * replies in the outbox: a mangled message is still answered).
 */
async function ledgerCounts(t: TestDatabase) {
  const { notification: _outbox, ...counts } = await rowCounts(t.db);
  return { ...counts, reminders: await t.db.notification.count({ where: { kind: { not: 'reply' } } }) };
}

const anyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double(), fc.string({ unit: 'binary' }), fc.array(tie('value'), { maxLength: 5 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 5 })),
})).value;

/** A valid envelope with one part replaced by something random. */
const mutatedEnvelope = fc.tuple(
  fc.constantFrom('header', 'event', 'event.message', 'event.message.content', 'event.message.mentions', 'event.sender', 'event.message.chat_type', 'schema'),
  anyJson,
).map(([path, value]) => {
  const envelope = messageEvent({ text: '@_user_1 签到', senderOpenId: 'ou_fuzzer', mentions: [{ openId: 'ou_bot0000000000', name: '支部助手', isBot: true }], token: TOKEN, chatId: GROUP });
  const keys = path.split('.');
  let node = envelope;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) ?? ''] = value;
  return envelope;
});

const nestedBomb = fc.integer({ min: 1000, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

describe('fuzzing the webhooks and the parser', () => {
  let t: TestDatabase;
  let feishuStandIn: FeishuStandIn;
  let dingtalkStandIn: DingtalkStandIn;
  let bot: RunningBot;
  let base: string;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    feishuStandIn = await startFeishuStandIn();
    dingtalkStandIn = await startDingtalkStandIn();
    const seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (n) => `ou_${n}` });
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    bot = await startBot(readConfig({
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', ZHIBU_REMINDERS: 'off', ZHIBU_HTTP_LIMIT_PER_MINUTE: '0',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 's', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_MODE: 'webhook', FEISHU_DOMAIN: feishuStandIn.url,
      DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_MODE: 'webhook', DINGTALK_API_BASE: dingtalkStandIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
    base = `http://127.0.0.1:${bot.port}`;
  });
  afterAll(async () => {
    await bot.stop();
    await feishuStandIn.close();
    await dingtalkStandIn.close();
    await t.close();
  });

  const post = async (path: string, body: string | Uint8Array, headers: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', body, headers });
    await response.arrayBuffer();
    return response.status;
  };
  const expectAlive = async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  };

  it('Feishu: random bytes, invalid UTF-8 and JSON bombs get a 4xx, never a 5xx', async () => {
    const before = await ledgerCounts(t);
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 4096 }), fc.string({ unit: 'binary', maxLength: 4096 }), nestedBomb, anyJson.map((v) => JSON.stringify(v) ?? 'null')),
      async (body) => {
        const status = await post('/feishu/events', body, { 'content-type': 'application/json' });
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      },
    ), { numRuns: RUNS });
    expect(await ledgerCounts(t)).toEqual(before);
    await expectAlive();
  });

  it('Feishu: correctly signed envelopes with a mutated part are answered, never crash, and change no record', async () => {
    const before = await ledgerCounts(t);
    await fc.assert(fc.asyncProperty(mutatedEnvelope, async (envelope) => {
      const { body, headers } = feishuRequest(envelope, ENCRYPT_KEY);
      expect(await post('/feishu/events', body, headers)).toBeLessThan(500);
    }), { numRuns: RUNS });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ledgerCounts(t)).toEqual(before);
    await expectAlive();
  });

  it('DingTalk: correctly signed callbacks with random or mutated bodies never crash and change no record', async () => {
    const before = await ledgerCounts(t);
    const signed = () => {
      const timestamp = String(Date.now());
      return { 'content-type': 'application/json', timestamp, sign: dingtalkSign(timestamp, CLIENT_SECRET) };
    };
    const mutated = fc.tuple(fc.constantFrom('text', 'atUsers', 'conversationType', 'senderStaffId', 'msgId', 'sessionWebhook', 'senderCorpId', 'msgtype'), anyJson).map(([key, value]) => {
      const message = robotMessage({ text: '签到', staffId: 'fuzzer' });
      message[key] = value;
      return JSON.stringify(message);
    });
    await fc.assert(fc.asyncProperty(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 2048 }), nestedBomb), async (body) => {
      expect(await post('/dingtalk/events', body, signed())).toBeLessThan(500);
    }), { numRuns: RUNS });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ledgerCounts(t)).toEqual(before);
    await expectAlive();
  });

  it('the parser: any text from anyone not on a roster is answered without an error and changes nothing', async () => {
    const handle = createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger });
    const before = await ledgerCounts(t);
    const commandish = fc.tuple(fc.constantFrom('/', '／', '', '@支部助手 '), fc.constantFrom(...allCommands.map((c) => c.name), '签到', '请假', '已缴', 'x'), fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('@张三', 'joined=2030-02-30', 'month=2026-13', 'amount=-1', 'confirm=yes', '"', '“', 'k=v=w')), { maxLength: 6 }))
      .map(([slash, name, rest]) => `${slash}${name} ${rest.join(' ')}`);
    await fc.assert(fc.asyncProperty(fc.oneof(commandish, fc.string({ unit: 'binary', maxLength: 3000 })), fc.constantFrom<'group' | 'p2p'>('group', 'p2p'), async (text, chatType) => {
      const replies: Reply[] = await handle({
        platform: 'feishu', tenant: TENANT, chatId: chatType === 'group' ? GROUP : 'oc_fuzz_p2p', chatType, senderId: 'ou_stranger', text,
        mentionedBot: true, mentions: [], eventId: `fuzz-${Math.random().toString(36).slice(2)}`,
      });
      for (const reply of replies) expect(reply.message.tone).not.toBe('error');
    }), { numRuns: RUNS * 3 });
    expect(await ledgerCounts(t)).toEqual(before);
  });
});
