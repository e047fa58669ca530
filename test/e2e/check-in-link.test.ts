import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildActivityCard } from '../../src/bot/activity-card.js';
import { allCommands } from '../../src/bot/commands/index.js';
import { createConversation } from '../../src/bot/handle-message.js';
import { createRegistry } from '../../src/bot/registry.js';
import { readConfig } from '../../src/config.js';
import { createHttpApp } from '../../src/http/app.js';
import { checkInLinkRouter } from '../../src/http/check-in-link-router.js';
import { createCheckInLinks } from '../../src/http/check-in-links.js';
import { signLinkToken } from '../../src/http/link-token.js';
import { silentLogger } from '../../src/logger.js';
import { startBot } from '../../src/main.js';
import { DingtalkPlatform } from '../../src/platforms/dingtalk/dingtalk-platform.js';
import { CORP_ID } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { addActivity, seedBranch, type SeededBranch } from '../support/seed.js';
import { createTestDatabase, rowCounts, testProviders, type TestDatabase } from '../support/test-database.js';

const SECRET = 'q8Vn3Lr6Zt1Wx4Pk7Jm0Hc2Fb5Gd9SeYa';
const GROUP = 'cidGroupStandin0001==';
const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };
const HOUR = 3600_000;

// The signed one-tap check-in: DingTalk buttons can only open links, so a private message's
// 签到 button carries a link naming the member and the activity, served by zhibu's own app.
describe.each(testProviders())('signed check-in links on %s', (provider) => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let server: Server;
  let base: string;
  let dingtalk: DingtalkPlatform;
  let seeded: SeededBranch;

  const person = (name: string) => ({ platform: 'dingtalk' as const, tenant: CORP_ID, userId: STAFF[name] ?? name });
  const tokenFor = (name: string, activityId: number, expiresAt = new Date(Date.now() + HOUR), secret = SECRET) => signLinkToken({ ...person(name), activityId, expiresAt }, secret);
  /** What a phone does: open the link, whose page posts itself. */
  const open = async (path: string) => {
    const page = await fetch(`${base}${path}`);
    if (page.status !== 200) return { status: page.status, headers: page.headers, html: await page.text() };
    const response = await fetch(`${base}${path}`, { method: 'POST' });
    return { status: response.status, headers: response.headers, html: await response.text() };
  };
  const expectUnchanged = async (path: string, status: number, says: string) => {
    const before = await rowCounts(t.db);
    const page = await open(path);
    expect(page.status).toBe(status);
    expect(page.html).toContain(says);
    expect(page.html).not.toMatch(/at .*\.ts|Error:/);
    expect(await rowCounts(t.db)).toEqual(before);
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startDingtalkStandIn();
    seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    const handleMessage = createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger });
    const app = createHttpApp({
      health: async () => ({ isHealthy: true, database: 'ok', platforms: {} }),
      routers: [checkInLinkRouter({ db: t.db, secret: SECRET, handleMessage, deliver: async () => [], log: silentLogger })],
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dingtalk = new DingtalkPlatform({
      clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, mode: 'webhook', apiBase: standIn.url, log: silentLogger,
      checkInLinks: createCheckInLinks({ db: t.db, secret: SECRET, publicUrl: base }),
    });
    await dingtalk.start(handleMessage);
  });
  afterAll(async () => {
    await dingtalk.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    standIn.calls.length = 0;
    await t.db.checkIn.deleteMany();
    await t.db.activity.deleteMany();
  });

  it('a private message with a 签到 button carries a signed link; opening it checks the member in, once', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const card = await buildActivityCard(t.db, activity, 'Asia/Shanghai', activity.startsAt);
    expect(await dingtalk.send({ platform: 'dingtalk', tenant: CORP_ID, kind: 'user', id: STAFF['李四'] ?? '' }, card)).toMatchObject({ ok: true });
    const sent = standIn.calls[0];
    expect(sent).toMatchObject({ kind: 'oto', userIds: [STAFF['李四']], msgKey: 'sampleActionCard', param: { title: '主题党日签到', singleTitle: '签到' } });
    const link = String(sent?.param.singleURL);
    expect(link).toMatch(new RegExp(`^${base}/c/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$`));

    expect((await fetch(link)).status).toBe(200);
    expect(await t.db.checkIn.count()).toBe(0);
    const page = await fetch(link, { method: 'POST' });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<h1>签到成功</h1>');
    expect(html).toContain('<p>李四签到成功：主题党日。</p>');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const rows = await t.db.checkIn.findMany({ include: { member: true } });
    expect(rows.map((r) => [r.member.name, r.status, r.via, r.recordedBy])).toEqual([['李四', 'present', 'link', `dingtalk:${CORP_ID}:lisi02`]]);

    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.text()).toMatch(/<p>李四已签到（\d\d:\d\d），无需重复。<\/p>/);
    expect(await t.db.checkIn.count()).toBe(1);
  });

  it('a link opened after the start plus 15 minutes records a late check-in', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date(Date.now() - 40 * 60_000).toISOString());
    const page = await open(`/c/${tokenFor('王五', activity.id)}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('王五签到成功（迟到');
    expect(await t.db.checkIn.findFirst()).toMatchObject({ status: 'late', via: 'link' });
  });

  it('an expired link says so and changes nothing', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    await expectUnchanged(`/c/${tokenFor('李四', activity.id, new Date(Date.now() - 1000))}`, 410, '链接已过期');
  });

  it('a tampered link cannot check in anyone: another person, another signature, another secret, garbage', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const [, signature] = tokenFor('李四', activity.id).split('.');
    const [otherPayload] = tokenFor('王五', activity.id).split('.');
    await expectUnchanged(`/c/${otherPayload ?? ''}.${signature ?? ''}`, 403, '链接无效');
    const valid = tokenFor('李四', activity.id);
    await expectUnchanged(`/c/${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`, 403, '链接无效');
    await expectUnchanged(`/c/${tokenFor('李四', activity.id, undefined, 'another-secret-of-32-characters!!')}`, 403, '链接无效');
    await expectUnchanged('/c/abc', 403, '链接无效');
    await expectUnchanged(`/c/${'x'.repeat(700)}.${'y'.repeat(22)}`, 403, '链接无效');
  });

  it('someone else\'s link checks in only the person it names', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    // 王五 opens 李四's link: the link names 李四, so 李四 is checked in and 王五 is not.
    const page = await open(`/c/${tokenFor('李四', activity.id)}`);
    expect(page.html).toContain('李四签到成功');
    const rows = await t.db.checkIn.findMany({ include: { member: true } });
    expect(rows.map((r) => r.member.name)).toEqual(['李四']);
  });

  it('a link for an activity of another branch changes nothing', async () => {
    const other = await seedBranch(t.db, { name: `其他党支部${provider}`, platform: 'dingtalk', tenant: CORP_ID, chatId: `cidOther${provider}`, accountOf: (name) => `other-${name}` });
    const foreign = await addActivity(t.db, other.branchId, new Date().toISOString(), 'Asia/Shanghai', '其他支部的党课');
    await expectUnchanged(`/c/${tokenFor('李四', foreign.id)}`, 409, '这个签到按钮属于其他支部的活动');
  });

  it('the link of someone not on the roster changes nothing', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    await expectUnchanged(`/c/${tokenFor('stranger99', activity.id)}`, 403, '你不在（或已不在）支部党员名册中');
  });

  it('a link made before its member left the roster is refused when used (403), opened or posted, and changes nothing', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const link = await createCheckInLinks({ db: t.db, secret: SECRET, publicUrl: base }).mint(person('王五'), activity.id);
    const path = new URL(link ?? '').pathname;
    const wangwu = seeded.members['王五'] ?? 0;
    await t.db.member.update({ where: { id: wangwu }, data: { leftAt: new Date() } });
    try {
      await expectUnchanged(path, 403, '你不在（或已不在）支部党员名册中');
      const before = await rowCounts(t.db);
      const posted = await fetch(`${base}${path}`, { method: 'POST' });
      expect(posted.status).toBe(403);
      expect(await posted.text()).toContain('这个签到链接不能使用');
      expect(await rowCounts(t.db)).toEqual(before);
    } finally {
      await t.db.member.update({ where: { id: wangwu }, data: { leftAt: null } });
    }
  });

  it('outside the check-in window the link changes nothing and says when it opens', async () => {
    const tomorrow = await addActivity(t.db, seeded.branchId, new Date(Date.now() + 26 * HOUR).toISOString());
    const link = await createCheckInLinks({ db: t.db, secret: SECRET, publicUrl: base }).mint(person('李四'), tomorrow.id);
    await expectUnchanged(new URL(link ?? '').pathname, 409, '现在没有可以签到的活动。下一次：');
  });

  it('a HEAD request (a link preview) checks nobody in', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const response = await fetch(`${base}/c/${tokenFor('李四', activity.id)}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await t.db.checkIn.count()).toBe(0);
  });

  it('opening a link (what a chat app does for a preview) checks nobody in: its page posts itself, allowed by the page policy', async () => {
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const response = await fetch(`${base}/c/${tokenFor('李四', activity.id)}`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post"><button type="submit">确认签到</button></form><script>document.forms[0].submit()</script>');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`script-src 'sha256-${createHash('sha256').update('document.forms[0].submit()').digest('base64')}'`);
    expect(policy).toContain("form-action 'self'");
    expect(await t.db.checkIn.count()).toBe(0);
  });

  it('mints no link for a closed or cancelled activity, nor for a group: the member is told to reply instead', async () => {
    const closed = await addActivity(t.db, seeded.branchId, new Date(Date.now() - 48 * HOUR).toISOString());
    const cancelled = await t.db.activity.update({ where: { id: (await addActivity(t.db, seeded.branchId, new Date().toISOString())).id }, data: { status: 'cancelled' } });
    const links = createCheckInLinks({ db: t.db, secret: SECRET, publicUrl: base });
    expect(await links.mint(person('李四'), closed.id)).toBeUndefined();
    expect(await links.mint(person('李四'), cancelled.id)).toBeUndefined();
    expect(await links.mint(person('李四'), 999_999)).toBeUndefined();

    await dingtalk.send({ platform: 'dingtalk', tenant: CORP_ID, kind: 'user', id: STAFF['李四'] ?? '' }, await buildActivityCard(t.db, closed, 'Asia/Shanghai', closed.startsAt));
    await dingtalk.send({ platform: 'dingtalk', tenant: CORP_ID, kind: 'chat', id: GROUP }, await buildActivityCard(t.db, cancelled, 'Asia/Shanghai', cancelled.startsAt));
    expect(standIn.calls.map((c) => [c.kind, c.msgKey])).toEqual([['oto', 'sampleMarkdown'], ['group', 'sampleMarkdown']]);
    expect(standIn.texts()[0]).toContain('签到：请回复「签到」');
    expect(standIn.texts()[1]).toContain('签到：请在群里发送「@支部助手 签到」');
  });
});

describe('check-in links in the running bot', () => {
  it('are served by the bot when ZHIBU_PUBLIC_URL is set, and not otherwise', async () => {
    const t = await createTestDatabase('sqlite');
    const standIn = await startDingtalkStandIn();
    const seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    const activity = await addActivity(t.db, seeded.branchId, new Date().toISOString());
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    const env = { ZHIBU_REMINDERS: 'off', DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_MODE: 'webhook', DINGTALK_API_BASE: standIn.url };
    const token = signLinkToken({ platform: 'dingtalk', tenant: CORP_ID, userId: STAFF['赵六'] ?? '', activityId: activity.id, expiresAt: new Date(Date.now() + HOUR) }, SECRET);
    try {
      const withLinks = await startBot(readConfig({ ...env, ZHIBU_PUBLIC_URL: 'https://zhibu.example.gov.cn', ZHIBU_LINK_SECRET: SECRET }), io);
      const page = await fetch(`http://127.0.0.1:${withLinks.port}/c/${token}`, { method: 'POST' });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('赵六签到成功：主题党日。');
      await withLinks.stop();
      const withoutLinks = await startBot(readConfig(env), io);
      expect((await fetch(`http://127.0.0.1:${withoutLinks.port}/c/${token}`)).status).toBe(404);
      await withoutLinks.stop();
      expect(await t.db.checkIn.count()).toBe(1);
    } finally {
      await standIn.close();
      await t.close();
    }
  });
});
