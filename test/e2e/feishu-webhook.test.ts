import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { cardActionEvent, feishuRequest, messageEvent, otherEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch, type SeededBranch } from '../support/seed.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/test-database.js';
import { expectRefused } from '../support/expect-refused.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'zhibu-test-encrypt-key';
const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
const GROUP = 'oc_group000000000001';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const OPEN_IDS: Record<string, string> = { 张三: 'ou_zhangsan00000001', 李四: 'ou_lisi000000000002', 王五: 'ou_wangwu0000000003', 赵六: 'ou_zhaoliu000000004' };
const STRANGER = 'ou_stranger00000009';

describe('Feishu over webhook, encrypted and signed', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let bot: RunningBot;
  let seeded: SeededBranch;

  const start = async (extra: Record<string, string> = {}) => startBot(readConfig({ ZHIBU_REMINDERS: 'off',
    DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url, ...extra,
  }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${bot.port}${path}`, { method: 'POST', body, headers });
  const deliver = (envelope: unknown, path = '/feishu/events') => {
    const request = feishuRequest(envelope, ENCRYPT_KEY);
    return post(path, request.body, request.headers);
  };
  const say = (name: string, text: string, extra: Partial<Parameters<typeof messageEvent>[0]> = {}) =>
    deliver(messageEvent({ text: `@_user_1 ${text}`, senderOpenId: OPEN_IDS[name] ?? name, mentions: [BOT], token: TOKEN, chatId: GROUP, ...extra }));

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
    seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (name) => OPEN_IDS[name] ?? name });
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    standIn.calls.length = 0;
    await t.db.checkIn.deleteMany();
    await t.db.activity.deleteMany();
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    bot = await start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('counts events, commands and rejections on /metrics', async () => {
    await say('李四', '签到');
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    const forged = feishuRequest(messageEvent({ text: '签到', senderOpenId: STRANGER, token: TOKEN }), ENCRYPT_KEY);
    await post('/feishu/events', forged.body, { ...forged.headers, 'x-lark-signature': '0'.repeat(64) });
    const text = await (await fetch(`http://127.0.0.1:${bot.port}/metrics`)).text();
    expect(text).toContain('zhibu_events_received_total{platform="feishu"} 1');
    expect(text).toContain('zhibu_commands_total{command="checkin",outcome="ok"} 1');
    expect(text).toContain('zhibu_events_rejected_total{platform="feishu",reason="signature does not match"} 1');
    expect(text).toMatch(/zhibu_platform_api_seconds_count\{platform="feishu",api="reply",outcome="ok"\} 1/);
  });

  it('answers the URL-verification challenge, encrypted', async () => {
    const response = await deliver({ challenge: 'ajls384kdjxxxx', token: TOKEN, type: 'url_verification' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'ajls384kdjxxxx' });
  });

  it('checks a member in by @-mention and replies in the thread', async () => {
    const response = await say('李四', '签到', { messageId: 'om_checkin_by_mention' });
    expect(response.status).toBe(200);
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.calls[0]).toMatchObject({ kind: 'reply', replyTo: 'om_checkin_by_mention', msgType: 'text', content: { text: '李四签到成功：主题党日。' } });
    const rows = await t.db.checkIn.findMany({ include: { member: true } });
    expect(rows.map((r) => [r.member.name, r.status, r.via])).toEqual([['李四', 'present', 'text']]);
  });

  it('checks a member in by card button, answering with a toast within the callback', async () => {
    const activity = await t.db.activity.findFirstOrThrow();
    const response = await deliver(cardActionEvent({ value: { command: '签到', activityId: String(activity.id) }, operatorOpenId: OPEN_IDS['王五'] ?? '', token: TOKEN, chatId: GROUP }), '/feishu/cards');
    expect(await response.json()).toEqual({ toast: { type: 'success', content: '王五签到成功：主题党日。' } });
    expect(await t.db.checkIn.findFirst()).toMatchObject({ status: 'present', via: 'card' });
    expect(standIn.calls).toEqual([]);
  });

  it('a posted check-in card counts live: a click answers with the new card, a typed check-in edits it', async () => {
    await say('张三', '/activity card', { messageId: 'om_secretary_asks' });
    await waitFor(() => standIn.calls.length === 1, 'the card');
    const card = standIn.calls[0];
    expect(card).toMatchObject({ kind: 'create', receiveIdType: 'chat_id', receiveId: GROUP, msgType: 'interactive' });
    expect(standIn.texts()[0]).toContain('已签到 0 / 应到 4，请假 0');
    await waitFor(async () => (await t.db.liveMessage.count()) === 1, 'the card to be remembered');

    const clicked = await deliver(cardActionEvent({ value: { command: '签到' }, operatorOpenId: OPEN_IDS['李四'] ?? '', token: TOKEN, chatId: GROUP, messageId: card?.messageId ?? '' }), '/feishu/cards');
    const answer = (await clicked.json()) as { toast: unknown; card: { type: string; data: unknown } };
    expect(answer.toast).toEqual({ type: 'success', content: '李四签到成功：主题党日。' });
    expect(answer.card.type).toBe('raw');
    expect(JSON.stringify(answer.card.data)).toContain('已签到 1 / 应到 4，请假 0');

    await say('王五', '签到');
    await say('赵六', '签到');
    await waitFor(() => standIn.calls.some((c) => c.kind === 'patch' && JSON.stringify(c.content).includes('已签到 3 / 应到 4')), 'the card edit');
    // Two check-ins within the coalescing window make one edit at most each, never a flood.
    expect(standIn.calls.filter((c) => c.kind === 'patch').length).toBeLessThanOrEqual(2);
    expect(standIn.calls.filter((c) => c.kind === 'patch').every((c) => c.messageId === card?.messageId)).toBe(true);
    await t.db.liveMessage.deleteMany();
  });

  it('a card pressed by someone not on the roster changes nothing and says why', async () => {
    const before = await rowCounts(t.db);
    const response = await deliver(cardActionEvent({ value: { command: '签到' }, operatorOpenId: STRANGER, token: TOKEN, chatId: GROUP }), '/feishu/cards');
    expect(await response.json()).toEqual({ toast: { type: 'warning', content: '你还不在「第一党支部」的党员名册中。请联系支部书记用 /member add 添加你。' } });
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('the same message delivered twice, and again after a restart, checks in once and replies once', async () => {
    const event = messageEvent({ text: '@_user_1 签到', senderOpenId: OPEN_IDS['赵六'] ?? '', mentions: [BOT], token: TOKEN, chatId: GROUP, messageId: 'om_redelivered' });
    await deliver(event);
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    // Feishu's retry carries a new event id for the same message_id.
    await deliver({ ...event, header: { ...(event.header as object), event_id: 'ev_retry_1' } });
    await bot.stop();
    bot = await start();
    await deliver({ ...event, header: { ...(event.header as object), event_id: 'ev_retry_2' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.db.checkIn.count()).toBe(1);
    expect(standIn.calls).toHaveLength(1);
  });

  it('resolves @-mention placeholders to people, so /member add works with real open_ids', async () => {
    const response = await deliver(messageEvent({
      text: '@_user_1 /member add @_user_2 joined=2019-07-01', senderOpenId: OPEN_IDS['张三'] ?? '', token: TOKEN, chatId: GROUP,
      mentions: [BOT, { openId: 'ou_sunba0000000005', name: '孙八' }],
    }));
    expect(response.status).toBe(200);
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.texts()[0]).toContain('已将 1 人加入「第一党支部」名册（正式党员，2019年7月1日入党）：孙八');
    const identity = await t.db.identity.findFirstOrThrow({ where: { platformUserId: 'ou_sunba0000000005' }, include: { member: true } });
    expect(identity).toMatchObject({ platform: 'feishu', tenant: TENANT, member: { name: '孙八', joinedAt: '2019-07-01' } });
    await t.db.identity.delete({ where: { id: identity.id } });
    await t.db.auditLog.deleteMany();
    await t.db.member.delete({ where: { id: identity.memberId } });
  });

  it('greets a group it is added to with how to bind it', async () => {
    await deliver(otherEvent('im.chat.member.bot.added_v1', { chat_id: 'oc_newgroup000000001', operator_id: { open_id: OPEN_IDS['张三'] }, external: false, operator_tenant_key: TENANT, name: '新群' }, TOKEN));
    await waitFor(() => standIn.calls.length === 1, 'the greeting');
    expect(standIn.calls[0]).toMatchObject({ kind: 'create', receiveIdType: 'chat_id', receiveId: 'oc_newgroup000000001', msgType: 'interactive' });
    expect(standIn.texts()[0]).toContain('请管理员发送「@支部助手 /bind 支部名称」');
  });

  it('answers a bot-menu tap in private, addressed by open_id', async () => {
    await deliver(otherEvent('application.bot.menu_v6', { operator: { operator_name: '李四', operator_id: { open_id: OPEN_IDS['李四'] } }, event_key: 'checkin', timestamp: Date.now() }, TOKEN));
    await waitFor(() => standIn.calls.length === 1, 'the answer');
    expect(standIn.calls[0]).toMatchObject({ kind: 'create', receiveIdType: 'open_id', receiveId: OPEN_IDS['李四'], content: { text: '李四签到成功：主题党日。' } });
  });

  it('a bot-menu tap during a meeting-record dialogue is the command it names, not a line of the record', async () => {
    const activity = await t.db.activity.findFirstOrThrow();
    const opened = new Date();
    await t.db.recordDialogue.create({ data: { platform: 'feishu', tenant: TENANT, userId: OPEN_IDS['李四'] ?? '', activityId: activity.id, content: '一、学习党章。', openedAt: opened, expiresAt: new Date(opened.getTime() + 30 * 60_000) } });
    await deliver(otherEvent('application.bot.menu_v6', { operator: { operator_name: '李四', operator_id: { open_id: OPEN_IDS['李四'] } }, event_key: 'checkin', timestamp: Date.now() }, TOKEN));
    await waitFor(() => standIn.calls.length === 1, 'the answer');
    expect(standIn.calls[0]).toMatchObject({ kind: 'create', receiveIdType: 'open_id', receiveId: OPEN_IDS['李四'], content: { text: '李四签到成功：主题党日。' } });
    expect(await t.db.checkIn.findFirst({ select: { via: true } })).toEqual({ via: 'text' });
    expect(await t.db.recordDialogue.findFirst({ select: { content: true } })).toEqual({ content: '一、学习党章。' });
  });

  it('sends through 429s: waits and retries, and the member sees one reply', async () => {
    standIn.fail('429', '429');
    await say('李四', '签到');
    await waitFor(() => standIn.calls.length === 1, 'the reply after two 429s', 15_000);
    expect(standIn.rejected429).toBeGreaterThanOrEqual(2);
    expect(await t.db.checkIn.count()).toBe(1);
  });

  describe('refuses what Feishu did not send, changing nothing', () => {
    const validBody = () => feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: OPEN_IDS['李四'] ?? '', mentions: [BOT], token: TOKEN, chatId: GROUP }), ENCRYPT_KEY);
    it.each([
      ['a forged signature', () => { const r = validBody(); return { ...r, headers: { ...r.headers, 'x-lark-signature': 'f'.repeat(64) } }; }, 401],
      ['a body tampered after signing', () => { const r = validBody(); const other = feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: STRANGER, mentions: [BOT], token: TOKEN }), ENCRYPT_KEY); return { body: other.body, headers: r.headers }; }, 401],
      ['a replayed request from yesterday', () => feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: OPEN_IDS['李四'] ?? '', mentions: [BOT], token: TOKEN }), ENCRYPT_KEY, Math.floor(Date.now() / 1000) - 86_400), 401],
      ['no signature headers', () => ({ body: validBody().body, headers: { 'content-type': 'application/json' } }), 401],
      ['the wrong verification token', () => feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: OPEN_IDS['李四'] ?? '', mentions: [BOT], token: 'wrong-token' }), ENCRYPT_KEY), 401],
      ['a body encrypted with another key', () => feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: OPEN_IDS['李四'] ?? '', mentions: [BOT], token: TOKEN }), 'another-key'), 400],
      ['a plain body while encryption is on', () => feishuRequest(messageEvent({ text: '@_user_1 签到', senderOpenId: OPEN_IDS['李四'] ?? '', mentions: [BOT], token: TOKEN })), 401],
      ['garbage', () => ({ body: '{"encrypt": ', headers: { 'content-type': 'application/json' } }), 400],
      ['a JSON array', () => ({ body: '[1,2,3]', headers: { 'content-type': 'application/json' } }), 400],
      ['a 1 MB body', () => ({ body: JSON.stringify({ encrypt: 'A'.repeat(1024 * 1024) }), headers: { 'content-type': 'application/json' } }), 413],
    ] as const)('%s', async (_what, build, status) => {
      const { body, headers } = build();
      await expectRefused(t.db, bot.port, () => post('/feishu/events', body, headers), status, () => standIn.calls);
    });

    it('an unknown event type is acknowledged and ignored', async () => {
      const before = await rowCounts(t.db);
      const response = await deliver(otherEvent('contact.user.created_v3', { object: { open_id: 'ou_x' } }, TOKEN));
      expect(response.status).toBe(200);
      expect(await rowCounts(t.db)).toEqual(before);
    });
  });
});

describe('Feishu webhook with a verification token only (no encrypt key)', () => {
  it('answers the plain challenge and refuses a wrong token, which the SDK itself would accept', async () => {
    const t = await createTestDatabase('sqlite');
    const standIn = await startFeishuStandIn();
    const bot = await startBot(readConfig({ ZHIBU_REMINDERS: 'off',
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b9', FEISHU_APP_SECRET: 'secret',
      FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
    try {
      const url = `http://127.0.0.1:${bot.port}/feishu/events`;
      const challenge = await fetch(url, { method: 'POST', body: JSON.stringify({ challenge: 'c-1', token: TOKEN, type: 'url_verification' }), headers: { 'content-type': 'application/json' } });
      expect(await challenge.json()).toEqual({ challenge: 'c-1' });
      const wrongChallenge = await fetch(url, { method: 'POST', body: JSON.stringify({ challenge: 'c-1', token: 'nope', type: 'url_verification' }), headers: { 'content-type': 'application/json' } });
      expect(wrongChallenge.status).toBe(401);
      const before = await rowCounts(t.db);
      const forged = await fetch(url, { method: 'POST', body: JSON.stringify(messageEvent({ text: '/bind 假支部', senderOpenId: 'ou_attacker', token: 'nope', chatType: 'p2p' })), headers: { 'content-type': 'application/json' } });
      expect(forged.status).toBe(401);
      expect(await rowCounts(t.db)).toEqual(before);
    } finally {
      await bot.stop();
      await standIn.close();
      await t.close();
    }
  });
});
