import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { checkInLinkToken, checkInLinkUrl, readCheckInLinkToken } from '../../src/bot/check-in-link.js';
import { createHttpApp } from '../../src/http/app.js';
import { checkInLinkRoute } from '../../src/http/check-in-link-route.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat } from '../support/chat.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe('check-in link tokens', () => {
  it('carry the ids under a signature that only the secret makes', () => {
    const token = checkInLinkToken(SECRET, { activityId: 12, memberId: 5 });
    expect(token).toMatch(/^12\.5\.[\w-]{22}$/);
    expect(readCheckInLinkToken(SECRET, token)).toEqual({ activityId: 12, memberId: 5 });
    expect(readCheckInLinkToken('another-secret-another-secret-another', token)).toBeUndefined();
    expect(readCheckInLinkToken(SECRET, token.replace(/^12\.5/, '12.6'))).toBeUndefined();
    expect(readCheckInLinkToken(SECRET, '12.5.short')).toBeUndefined();
    expect(checkInLinkUrl('https://zhibu.example.gov.cn/', SECRET, { activityId: 12, memberId: 5 })).toBe(`https://zhibu.example.gov.cn/c/${token}`);
  });
});

describe.each(testProviders())('one-tap check-in links on %s', (provider) => {
  const f = useBranchFixture(provider);
  let server: Server | undefined;
  let now = shanghai('14:50');
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  async function start(withLinks = true): Promise<string> {
    const app = createHttpApp({
      health: async () => ({ isHealthy: true, database: 'ok', platforms: {} }),
      routers: withLinks ? [checkInLinkRoute({ db: f.db, secret: SECRET, defaultZone: 'Asia/Shanghai', clock: () => now })] : [],
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server?.once('listening', resolve));
    return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
  }
  const linkOf = (base: string, name: string) => checkInLinkUrl(base, SECRET, { activityId: f.activityId, memberId: f.seeded.members[name] ?? 0 });
  const open = async (url: string, method: 'GET' | 'POST') => {
    const response = await fetch(url, { method });
    return { status: response.status, body: await response.text() };
  };

  it('opening the link changes nothing; its page posts itself and checks in, marked as by link', async () => {
    now = shanghai('14:50');
    const base = await start();
    const before = await rowCounts(f.db);
    const shown = await open(linkOf(base, '李四'), 'GET');
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<form method="post">');
    expect(await rowCounts(f.db)).toEqual(before);

    expect((await open(linkOf(base, '李四'), 'POST')).body).toContain('<p>李四签到成功：主题党日。</p>');
    expect((await open(linkOf(base, '李四'), 'POST')).body).toContain('<p>李四已签到（14:50），无需重复。</p>');
    const rows = await f.db.checkIn.findMany({ include: { member: true } });
    expect(rows.map((r) => [r.member.name, r.status, r.via])).toEqual([['李四', 'present', 'link']]);
  });

  it('typed, pressed or tapped: one row, the first way it came', async () => {
    now = shanghai('15:20');
    const base = await start();
    const chat = createTestChat(f.db, { now });
    expect(chatText(await chat.say('王五', '签到'))).toContain('王五签到成功（迟到');
    expect((await open(linkOf(base, '王五'), 'POST')).body).toContain('王五已签到（15:20），无需重复。');
    expect(chatText(await chat.say('王五', '签到', { action: { command: '签到', activityId: String(f.activityId) } }))).toBe('王五已签到（15:20），无需重复。');
    expect(await f.db.checkIn.findMany()).toMatchObject([{ via: 'text', status: 'late' }]);
  });

  it.each([
    ['a forged token', (base: string) => `${base}/c/${f.activityId}.1.AAAAAAAAAAAAAAAAAAAAAA`, shanghai('14:50'), 404, '这个签到链接无效'],
    ['before the window opens', (base: string) => linkOf(base, '李四'), shanghai('14:00'), 200, '「主题党日」的签到还没开始，12月4日 14:30 开放。'],
    ['after the window closed', (base: string) => linkOf(base, '李四'), shanghai('09:00', '2026-12-05'), 200, '「主题党日」的签到已经结束。如需补签，请联系支部书记。'],
  ])('%s: nothing recorded', async (_what, url, at, status, expected) => {
    now = at;
    const base = await start();
    const before = await rowCounts(f.db);
    const result = await open(url(base), 'POST');
    expect(result.status).toBe(status);
    expect(result.body).toContain(expected);
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('a member who left the roster, or a cancelled activity: nothing recorded', async () => {
    now = shanghai('14:50');
    const base = await start();
    await f.db.member.update({ where: { id: f.seeded.members['赵六'] }, data: { leftAt: new Date('2026-12-01T00:00:00Z') } });
    expect((await open(linkOf(base, '赵六'), 'POST')).body).toContain('这个签到链接已失效。请在群里发送「签到」。');
    await f.db.activity.update({ where: { id: f.activityId }, data: { status: 'cancelled' } });
    expect((await open(linkOf(base, '李四'), 'POST')).body).toContain('「主题党日」已取消，无需签到。');
    expect(await f.db.checkIn.count()).toBe(0);
  });

  it('without ZHIBU_LINK_SECRET there is no link route', async () => {
    const base = await start(false);
    expect((await open(linkOf(base, '李四'), 'GET')).status).toBe(404);
  });
});
