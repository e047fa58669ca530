import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, dingtalkRequest, robotMessage, type RobotMessageSpec } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { addActivity, seedBranch, type SeededBranch } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { expectRefused } from '../support/expect-refused.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'cidGroupStandin0001==';
const PRIVATE = 'cidPrivateLisi00001==';
const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };
const EXPIRED = () => Date.now() - 1000;

describe('DingTalk over HTTP callback, signed', () => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let bot: RunningBot;
  let seeded: SeededBranch;

  const start = () => startBot(readConfig({ ZHIBU_REMINDERS: 'off',
    DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
    DINGTALK_MODE: 'webhook', DINGTALK_API_BASE: standIn.url, ZHIBU_ADMINS: 'dingtalk:itadmin09',
  }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });

  const post = (body: string, headers: Record<string, string>) => fetch(`http://127.0.0.1:${bot.port}/dingtalk/events`, { method: 'POST', body, headers });
  const deliver = (message: unknown) => {
    const request = dingtalkRequest(message, CLIENT_SECRET);
    return post(request.body, request.headers);
  };
  const say = (name: string, text: string, extra: Partial<RobotMessageSpec> = {}) =>
    deliver(robotMessage({ text, staffId: STAFF[name] ?? name, nick: name, conversationId: GROUP, sessionWebhook: standIn.sessionWebhook('s-group'), ...extra }));

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startDingtalkStandIn();
    seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    standIn.calls.length = 0;
    standIn.refusedSessions.clear();
    await t.db.checkIn.deleteMany();
    await t.db.activity.deleteMany();
    await addActivity(t.db, seeded.branchId, new Date().toISOString());
    bot = await start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('checks a member in by @-mention and replies through the session webhook', async () => {
    const response = await say('李四', '签到');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.calls[0]).toEqual({ kind: 'session', session: 's-group', msgKey: 'text', param: { content: '李四签到成功：主题党日。' } });
    const rows = await t.db.checkIn.findMany({ include: { member: true } });
    expect(rows.map((r) => [r.member.name, r.status, r.via])).toEqual([['李四', 'present', 'text']]);
  });

  it('once the session webhook has expired, replies to the group through the OpenAPI with one cached token', async () => {
    const before = standIn.tokenRequests;
    await say('王五', '签到', { sessionWebhookExpiredTime: EXPIRED() });
    await say('赵六', '签到', { sessionWebhookExpiredTime: EXPIRED() });
    await waitFor(() => standIn.calls.length === 2, 'both replies');
    expect(standIn.calls.map((c) => [c.kind, c.openConversationId, c.robotCode, c.msgKey])).toEqual([
      ['group', GROUP, CLIENT_ID, 'sampleText'], ['group', GROUP, CLIENT_ID, 'sampleText'],
    ]);
    expect(standIn.texts().sort()).toEqual(['王五签到成功：主题党日。', '赵六签到成功：主题党日。']);
    expect(standIn.tokenRequests - before).toBe(1);
  });

  it('falls back to the OpenAPI when the session webhook refuses', async () => {
    standIn.refusedSessions.add('s-group');
    await say('李四', '签到');
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.calls[0]).toMatchObject({ kind: 'group', openConversationId: GROUP, param: { content: '李四签到成功：主题党日。' } });
  });

  it('answers a private chat in private: through batchSend to the sender once its webhook expired', async () => {
    await say('李四', '签到', { conversationType: '1', conversationId: PRIVATE, sessionWebhookExpiredTime: EXPIRED() });
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.calls[0]).toEqual({ kind: 'oto', robotCode: CLIENT_ID, userIds: [STAFF['李四']], msgKey: 'sampleText', param: { content: '李四签到成功：主题党日。' } });
    expect(await t.db.checkIn.count()).toBe(1);
  });

  it('keeps private answers out of the group: a note there, the content to the asker by batchSend', async () => {
    await say('张三', '/whoami');
    await waitFor(() => standIn.calls.length === 2, 'the note and the private answer');
    const [note, answer] = [standIn.calls.find((c) => c.kind === 'session'), standIn.calls.find((c) => c.kind === 'oto')];
    expect(note?.param).toEqual({ content: '账号信息已私信发给你。' });
    expect(answer?.userIds).toEqual([STAFF['张三']]);
    expect(answer?.param.content).toContain('账号：dingtalk:zhangsan01');
  });

  it('the same msgId delivered twice, and again after a restart, checks in once and replies once', async () => {
    const message = robotMessage({ text: '签到', staffId: STAFF['赵六'] ?? '', conversationId: GROUP, msgId: 'msgRedelivered01', sessionWebhook: standIn.sessionWebhook('s-group') });
    await deliver(message);
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    await deliver(message);
    await bot.stop();
    bot = await start();
    await deliver(message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.db.checkIn.count()).toBe(1);
    expect(standIn.calls).toHaveLength(1);
    expect(await t.db.inboundEvent.count({ where: { platform: 'dingtalk', eventId: 'msgRedelivered01' } })).toBe(1);
  });

  it('resolves atUsers to people, so /member add @x registers their staffId under the name shown', async () => {
    await say('张三', '/member add @孙八 joined=2019-07-01', { atUsers: [{ staffId: 'sunba08' }] });
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.texts()[0]).toBe('已将 1 人加入「第一党支部」名册（正式党员，2019年7月1日入党）：孙八');
    const identity = await t.db.identity.findFirstOrThrow({ where: { platformUserId: 'sunba08' }, include: { member: true } });
    expect(identity).toMatchObject({ platform: 'dingtalk', tenant: CORP_ID, member: { name: '孙八', joinedAt: '2019-07-01' } });
    await t.db.identity.delete({ where: { id: identity.id } });
    await t.db.auditLog.deleteMany();
    await t.db.member.delete({ where: { id: identity.memberId } });
  });

  it('posts a check-in card to the group as markdown, the button a line to reply (one link cannot serve a group)', async () => {
    await say('张三', '/activity card');
    await waitFor(() => standIn.calls.length === 1, 'the card');
    expect(standIn.calls[0]).toMatchObject({ kind: 'session', msgKey: 'markdown', param: { title: '主题党日签到' } });
    const text = standIn.texts()[0] ?? '';
    expect(text).toContain('### 主题党日签到');
    expect(text).toContain('已签到 0 / 应到 4，请假 0');
    expect(text).toContain('签到：请在群里发送「@支部助手 签到」');
  });

  it('waits out a QPS-limit answer and sends once', async () => {
    standIn.fail('qps');
    await say('李四', '签到', { sessionWebhookExpiredTime: EXPIRED() });
    await waitFor(() => standIn.calls.length === 1, 'the reply after the 403', 15_000);
    expect(standIn.rejectedQps).toBeGreaterThanOrEqual(1);
    expect(standIn.calls[0]).toMatchObject({ kind: 'group', param: { content: '李四签到成功：主题党日。' } });
  });

  it('takes bootstrap admins as dingtalk:<staffId>: one binds a new group to a branch', async () => {
    await say('itadmin09', '/bind 第二党支部', { conversationId: 'cidNewGroup00001==' });
    await waitFor(() => standIn.calls.length === 1, 'the reply');
    expect(standIn.texts()[0]).toContain('第二党支部');
    const binding = await t.db.chatBinding.findFirstOrThrow({ where: { chatId: 'cidNewGroup00001==' }, include: { branch: true } });
    expect(binding).toMatchObject({ platform: 'dingtalk', tenant: CORP_ID, branch: { name: '第二党支部' } });
    await say('李四', '/bind 第三党支部', { conversationId: 'cidNewGroup00002==' });
    await waitFor(() => standIn.calls.length === 2, 'the refusal');
    expect(standIn.texts()[1]).toBe('只有管理员可以使用 /bind。');
    await t.db.auditLog.deleteMany();
    await t.db.chatBinding.delete({ where: { id: binding.id } });
    await t.db.organization.delete({ where: { id: binding.branchId } });
  });

  it('/healthz says the platform runs by webhook', async () => {
    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', platforms: { dingtalk: 'webhook' } });
  });

  describe('a captured (timestamp, sign) pair carries one message only', () => {
    // The attack of issue 17: DingTalk's sign covers the timestamp, not the body, so a pair
    // read off one genuine callback was replayed with bodies written by the attacker.
    const genuine = () => robotMessage({ text: '签到', staffId: STAFF['李四'] ?? '', conversationId: GROUP, msgId: `msgGenuine${Date.now()}`, sessionWebhook: standIn.sessionWebhook('s-group') });
    const forged = () => [
      robotMessage({ text: '/branch new 伪造支部', staffId: 'itadmin09', conversationId: GROUP }),
      robotMessage({ text: '/bind 伪造支部', staffId: 'itadmin09', conversationId: 'cidAttacker0001==' }),
      robotMessage({ text: '/role grant @攻击者 admin', staffId: 'itadmin09', conversationId: GROUP, atUsers: [{ staffId: 'attacker66' }] }),
    ];

    it('refuses other bodies under a used pair with 401, before and after a restart, and changes nothing', async () => {
      const captured = dingtalkRequest(genuine(), CLIENT_SECRET);
      expect((await post(captured.body, captured.headers)).status).toBe(200);
      await waitFor(() => standIn.calls.length === 1, 'the genuine reply');
      standIn.calls.length = 0;
      const [first, ...rest] = forged();
      await expectRefused(t.db, bot.port, () => post(JSON.stringify(first), captured.headers), 401, () => standIn.calls);
      await bot.stop();
      bot = await start();
      for (const body of rest) await expectRefused(t.db, bot.port, () => post(JSON.stringify(body), captured.headers), 401, () => standIn.calls);
      // The same message id with another body is no redelivery either.
      const altered = { ...(JSON.parse(captured.body) as Record<string, unknown>), text: { content: ' /branch new 伪造支部' } };
      await expectRefused(t.db, bot.port, () => post(JSON.stringify(altered), captured.headers), 401, () => standIn.calls);
      expect(await t.db.organization.count({ where: { name: '伪造支部' } })).toBe(0);
      expect(await t.db.roleGrant.count({ where: { role: 'admin' } })).toBe(0);
      expect(await t.db.checkIn.count()).toBe(1);
    });

    it('accepts a genuine redelivery of the same message under the same pair, and handles it once', async () => {
      const request = dingtalkRequest(genuine(), CLIENT_SECRET);
      expect((await post(request.body, request.headers)).status).toBe(200);
      await waitFor(() => standIn.calls.length === 1, 'the reply');
      const again = await post(request.body, request.headers);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({});
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(standIn.calls).toHaveLength(1);
      expect(await t.db.checkIn.count()).toBe(1);
      expect(await t.db.callbackSignature.count()).toBeGreaterThanOrEqual(1);
    });

    it('refuses a pair captured 50 minutes earlier, whatever it carries', async () => {
      const old = dingtalkRequest(forged()[0], CLIENT_SECRET, Date.now() - 50 * 60_000);
      await expectRefused(t.db, bot.port, () => post(old.body, old.headers), 401, () => standIn.calls);
    });
  });

  describe('refuses what DingTalk did not send, changing nothing', () => {
    const valid = () => dingtalkRequest(robotMessage({ text: '签到', staffId: STAFF['李四'] ?? '', conversationId: GROUP, sessionWebhook: standIn.sessionWebhook('s-group') }), CLIENT_SECRET);
    it.each([
      ['a forged sign', () => { const r = valid(); return { ...r, headers: { ...r.headers, sign: 'A'.repeat(44) } }; }, 401],
      ['a sign made with another secret', () => dingtalkRequest(robotMessage({ text: '签到', staffId: 'lisi02' }), 'another-secret'), 401],
      ['a timestamp two hours old (a replay)', () => dingtalkRequest(robotMessage({ text: '签到', staffId: 'lisi02' }), CLIENT_SECRET, Date.now() - 2 * 3600_000), 401],
      ['a timestamp two hours ahead', () => dingtalkRequest(robotMessage({ text: '签到', staffId: 'lisi02' }), CLIENT_SECRET, Date.now() + 2 * 3600_000), 401],
      ['no sign headers', () => ({ body: valid().body, headers: { 'content-type': 'application/json' } }), 401],
      ['a timestamp that is not a number', () => { const r = valid(); return { ...r, headers: { ...r.headers, timestamp: 'yesterday' } }; }, 401],
      ['garbage, signed', () => ({ body: '{"msgId": ', headers: valid().headers }), 400],
      ['a JSON array, signed', () => ({ body: '[1,2,3]', headers: valid().headers }), 400],
      ['an object that is no robot message, signed', () => ({ body: JSON.stringify({ hello: 'world' }), headers: valid().headers }), 400],
      ['a 1 MB body, signed', () => ({ body: JSON.stringify({ text: { content: 'A'.repeat(1024 * 1024) } }), headers: valid().headers }), 413],
      ['a 1 MB body, unsigned', () => ({ body: JSON.stringify({ text: { content: 'A'.repeat(1024 * 1024) } }), headers: { 'content-type': 'application/json' } }), 401],
    ] as const)('%s', async (_what, build, status) => {
      const { body, headers } = build();
      await expectRefused(t.db, bot.port, () => post(body, headers), status, () => standIn.calls);
    });
  });
});
