import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/bot/commands/index.js';
import { createConversation } from '../../src/bot/handle-message.js';
import { createRegistry } from '../../src/bot/registry.js';
import type { Reply } from '../../src/bot/types.js';
import { createHttpApp } from '../../src/http/app.js';
import { createExportLinks } from '../../src/http/export-links.js';
import { exportRouter } from '../../src/http/export-router.js';
import { signExportToken } from '../../src/http/export-token.js';
import { silentLogger } from '../../src/logger.js';
import { DingtalkPlatform } from '../../src/platforms/dingtalk/dingtalk-platform.js';
import { CORP_ID } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { addActivity, seedBranch, seedOtherBranch, type SeededBranch } from '../support/seed.js';
import { createTestDatabase, rowCounts, testProviders, type TestDatabase } from '../support/test-database.js';

const SECRET = 'q8Vn3Lr6Zt1Wx4Pk7Jm0Hc2Fb5Gd9SeYa';
const GROUP = 'cidGroupStandin0001==';
const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };
const MINUTE = 60_000;

// DingTalk robots cannot send files, so an exported ledger reaches the secretary as a signed
// link to zhibu's own app, good for 15 minutes.
describe.each(testProviders())('ledger download links on %s', (provider) => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let server: Server;
  let base: string;
  let seeded: SeededBranch;
  let now = new Date();
  const handle = () => createConversation({ db: t.db, registry: createRegistry(allCommands), admins: new Set(), defaultZone: 'Asia/Shanghai', log: silentLogger });
  const platform = (withLinks: boolean) => new DingtalkPlatform({
    clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, mode: 'webhook', apiBase: standIn.url, log: silentLogger,
    ...(withLinks ? { exportLinks: createExportLinks({ secret: SECRET, publicUrl: base, clock: () => now }) } : {}),
  });
  /** 张三 asks in private; the reply carrying the file is sent to him through DingTalk. */
  const exportAs = async (name: string, dingtalk: DingtalkPlatform, text = '/export') => {
    const replies: Reply[] = await handle()({
      platform: 'dingtalk', tenant: CORP_ID, chatId: `cid-p2p-${name}`, chatType: 'p2p', senderId: STAFF[name] ?? name, text,
      mentionedBot: true, mentions: [], eventId: `ev-${Math.random()}`,
    });
    const withFile = replies.find((r) => r.message.file);
    if (!withFile) return replies;
    await dingtalk.send({ platform: 'dingtalk', tenant: CORP_ID, kind: 'user', id: STAFF[name] ?? name }, withFile.message);
    return replies;
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startDingtalkStandIn();
    seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    const app = createHttpApp({
      health: async () => ({ isHealthy: true, database: 'ok', platforms: {} }),
      routers: [exportRouter({ db: t.db, secret: SECRET, defaultZone: 'Asia/Shanghai', log: silentLogger, clock: () => now })],
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    standIn.calls.length = 0;
    now = new Date();
    await t.db.auditLog.deleteMany();
  });

  it('the secretary gets a download button; the link serves the workbook for 15 minutes and each download is audited', async () => {
    await exportAs('张三', platform(true));
    const sent = standIn.calls[0];
    const year = now.getFullYear();
    expect(sent).toMatchObject({ kind: 'oto', userIds: [STAFF['张三']], msgKey: 'sampleActionCard', param: { singleTitle: `下载 第一党支部-台账-${year}.xlsx` } });
    expect(String(sent?.param.text)).toContain('下载链接 15 分钟内有效，仅供本人使用。');
    const link = String(sent?.param.singleURL);
    expect(link).toMatch(new RegExp(`^${base}/exports/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$`));

    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    expect(await t.db.auditLog.count()).toBe(1);

    now = new Date(now.getTime() + 14 * MINUTE);
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`第一党支部-台账-${year}.xlsx`)}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.getWorksheet('党员名册')?.getCell('B2').value).toBe('张三');
    const audit = await t.db.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actor, a.action, a.organizationId, (a.detail as { via: string }).via])).toEqual([
      [`dingtalk:${CORP_ID}:zhangsan01`, 'ledger.export', seeded.branchId, 'chat'],
      [`dingtalk:${CORP_ID}:zhangsan01`, 'ledger.export', seeded.branchId, 'link'],
    ]);

    now = new Date(now.getTime() + 2 * MINUTE);
    const before = await rowCounts(t.db);
    const expired = await fetch(link);
    expect(expired.status).toBe(410);
    const expiredPage = await expired.text();
    expect(expiredPage).toContain('台账下载链接只在发出后 15 分钟内有效。');
    expect(expiredPage).toContain(`请重新向支部助手发送 /export year=${year}。`);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('a printable meeting record reaches the secretary as a link too, rebuilt as a .docx and audited; a token naming another branch\'s activity gets nothing', async () => {
    const activity = await addActivity(t.db, seeded.branchId, '2026-12-04T07:00:00.000Z', 'Asia/Shanghai', '12月支委会');
    await t.db.activity.update({ where: { id: activity.id }, data: { kind: 'committee_meeting' } });
    await t.db.meetingRecord.create({ data: { activityId: activity.id, topic: '学习党章', content: '一、学习党章。', createdBy: 'system', createdAt: activity.startsAt, version: 1 } });
    const replies: Reply[] = await handle()({
      platform: 'dingtalk', tenant: CORP_ID, chatId: 'cid-p2p-张三', chatType: 'p2p', senderId: STAFF['张三'] ?? '', text: `/record ${activity.id} print`,
      mentionedBot: true, mentions: [], eventId: `ev-${Math.random()}`,
    });
    const withFile = replies.find((r) => r.message.file);
    expect(withFile?.message.file?.name).toBe('第一党支部-会议记录-2026-12-04-支委会.docx');
    await platform(true).send({ platform: 'dingtalk', tenant: CORP_ID, kind: 'user', id: STAFF['张三'] ?? '' }, withFile?.message ?? { lines: [] });
    const sent = standIn.calls[0];
    expect(sent).toMatchObject({ msgKey: 'sampleActionCard', param: { singleTitle: '下载 第一党支部-会议记录-2026-12-04-支委会.docx' } });
    const link = String(sent?.param.singleURL);

    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(await response.arrayBuffer());
    expect(await zip.file('word/document.xml')?.async('string')).toContain('一、学习党章。');
    const audit = await t.db.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, (a.detail as { via: string }).via])).toEqual([['meeting_record.print', 'chat'], ['meeting_record.print', 'link']]);

    const other = await seedOtherBranch(t.db, (await t.db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } })).parentId ?? 0);
    const theirs = await addActivity(t.db, other.branchId, '2026-12-04T07:00:00.000Z');
    const crossed = signExportToken({ branchId: seeded.branchId, period: `record-${theirs.id}`, actor: `dingtalk:${CORP_ID}:${STAFF['张三']}`, expiresAt: new Date(now.getTime() + MINUTE) }, SECRET);
    const before = await rowCounts(t.db);
    expect((await fetch(`${base}/exports/${crossed}`)).status).toBe(410);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it.each([
    ['a month\'s ledger', '2026-11', 1, '台账下载链接只在发出后 15 分钟内有效。', '请重新向支部助手发送 /export month=2026-11。'],
    ['a year\'s .zip', '2026.zip', 1, '台账下载链接只在发出后 15 分钟内有效。', '请重新向支部助手发送 /export year=2026 zip。'],
    ['a meeting record', 'record-12', 1, '会议记录下载链接只在发出后 15 分钟内有效。', '请重新向支部助手发送 /record 12 print。'],
    ['the year-end pack', 'tree-all-2026', 0, '年度台账下载链接只在发出后 15 分钟内有效。', '请重新向支部助手发送 /export tree year=2026。'],
  ])('an expired link to %s says which command makes a new one, and writes nothing', async (_what, period, branchId, validity, again) => {
    const token = signExportToken({ branchId, period, actor: `dingtalk:${CORP_ID}:${STAFF['张三']}`, expiresAt: new Date(now.getTime() - MINUTE) }, SECRET);
    const before = await rowCounts(t.db);
    const response = await fetch(`${base}/exports/${token}`);
    expect(response.status).toBe(410);
    const html = await response.text();
    expect(html).toContain(validity);
    expect(html).toContain(again);
    expect(await rowCounts(t.db)).toEqual(before);
    const forged = signExportToken({ branchId, period, actor: `dingtalk:${CORP_ID}:${STAFF['张三']}`, expiresAt: new Date(now.getTime() - MINUTE) }, 'another-secret-another-secret');
    expect((await fetch(`${base}/exports/${forged}`)).status).toBe(403);
  });

  it.each([
    ['signed with another secret', () => signExportToken({ branchId: 1, period: '2026', actor: 'dingtalk:x:y', expiresAt: new Date(Date.now() + MINUTE) }, 'another-secret-another-secret')],
    ['with its period changed', () => {
      const token = signExportToken({ branchId: 1, period: '2026', actor: 'dingtalk:x:y', expiresAt: new Date(Date.now() + MINUTE) }, SECRET);
      const [payload = '', mac = ''] = token.split('.');
      return `${Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('2026', '2025')).toString('base64url')}.${mac}`;
    }],
    ['cut short', () => 'abc'],
  ])('a token %s is refused with 403 and a Chinese page, and writes nothing', async (_what, token) => {
    const before = await rowCounts(t.db);
    const response = await fetch(`${base}/exports/${token()}`);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('这个下载链接不完整或已被改动，不能使用。');
    expect(html).not.toMatch(/at .*\.ts|Error:/);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it.each([
    ['after /role revoke of the secretary post', async () => {
      const grant = await t.db.roleGrant.findFirstOrThrow({ where: { memberId: seeded.members['张三'] ?? 0, role: 'secretary' } });
      await t.db.roleGrant.delete({ where: { id: grant.id } });
      return async () => { await t.db.roleGrant.create({ data: { memberId: grant.memberId, role: grant.role, organizationId: grant.organizationId } }); };
    }],
    ['after /member remove', async () => {
      const id = seeded.members['张三'] ?? 0;
      await t.db.member.update({ where: { id }, data: { leftAt: new Date() } });
      return async () => { await t.db.member.update({ where: { id }, data: { leftAt: null } }); };
    }],
  ])('a link made before its holder lost the right to export is refused %s: 403, a Chinese page, nothing built or audited', async (_when, loseRight) => {
    await exportAs('张三', platform(true));
    const link = String(standIn.calls[0]?.param.singleURL);
    const restore = await loseRight();
    try {
      const before = await rowCounts(t.db);
      const response = await fetch(link);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('链接的申请人已不再担任可以导出本支部台账的职务');
      expect(await rowCounts(t.db)).toEqual(before);
    } finally {
      await restore();
    }
    expect((await fetch(link)).status).toBe(200);
  });

  it('a link of the upper level (a committee post above the branch) holds while the post does', async () => {
    const token = signExportToken({ branchId: seeded.branchId, period: String(now.getFullYear()), actor: `dingtalk:${CORP_ID}:${STAFF['李四'] ?? ''}`, expiresAt: new Date(now.getTime() + MINUTE) }, SECRET);
    expect((await fetch(`${base}/exports/${token}`)).status).toBe(403);
    const post = await t.db.roleGrant.create({ data: { memberId: seeded.members['李四'] ?? 0, role: 'organization_officer', organizationId: seeded.committeeId } });
    try {
      expect((await fetch(`${base}/exports/${token}`)).status).toBe(200);
    } finally {
      await t.db.roleGrant.delete({ where: { id: post.id } });
    }
  });

  // The export router of a bot whose ZHIBU_ADMINS lists the DingTalk account itadmin09.
  const statusWithBootstrapAdmin = async (token: string): Promise<number> => {
    const app = createHttpApp({
      health: async () => ({ isHealthy: true, database: 'ok', platforms: {} }),
      routers: [exportRouter({ db: t.db, secret: SECRET, defaultZone: 'Asia/Shanghai', log: silentLogger, clock: () => now, admins: new Set(['dingtalk:itadmin09']) })],
    });
    const withAdmins = app.listen(0, '127.0.0.1');
    await once(withAdmins, 'listening');
    try {
      return (await fetch(`http://127.0.0.1:${(withAdmins.address() as AddressInfo).port}/exports/${token}`)).status;
    } finally {
      await new Promise<void>((resolve) => withAdmins.close(() => resolve()));
    }
  };

  it('a bootstrap admin\'s link follows ZHIBU_ADMINS, not the roster', async () => {
    const token = signExportToken({ branchId: seeded.branchId, period: String(now.getFullYear()), actor: `dingtalk:${CORP_ID}:itadmin09`, expiresAt: new Date(now.getTime() + MINUTE) }, SECRET);
    expect((await fetch(`${base}/exports/${token}`)).status).toBe(403);
    expect(await statusWithBootstrapAdmin(token)).toBe(200);
  });

  describe('the upper level\'s year-end pack', () => {
    const adminOfCommittee = () => t.db.roleGrant.create({ data: { memberId: seeded.members['李四'] ?? 0, role: 'admin', organizationId: seeded.committeeId } });
    const packToken = (period: string, branchId: number, actor: string) => signExportToken({ branchId, period, actor, expiresAt: new Date(now.getTime() + MINUTE) }, SECRET);

    it('reaches an admin of the committee as a link, rebuilt on download and audited like the chat export', async () => {
      const grant = await adminOfCommittee();
      try {
        const year = now.getFullYear();
        await exportAs('李四', platform(true), `/export tree year=${year}`);
        const sent = standIn.calls[0];
        expect(sent).toMatchObject({ kind: 'oto', userIds: [STAFF['李四']], msgKey: 'sampleActionCard' });
        expect(String(sent?.param.singleTitle)).toMatch(/^下载 .+\.xlsx$/u);
        const link = String(sent?.param.singleURL);
        expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
        expect(await t.db.auditLog.count({ where: { action: 'tree.export' } })).toBe(1);

        const response = await fetch(link);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="tree-${year}\\.xlsx"; filename\\*=UTF-8''`));
        expect(response.headers.get('cache-control')).toBe('no-store');
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(await response.arrayBuffer());
        expect(workbook.getWorksheet('目录')).toBeDefined();
        expect(workbook.worksheets.map((w) => w.name).join(' ')).toContain('第一党支部');
        const audit = await t.db.auditLog.findMany({ where: { action: 'tree.export' }, orderBy: { id: 'asc' } });
        expect(audit.map((a) => [a.actor, a.actorMemberId, a.organizationId, (a.detail as { via: string; year: number }).via, (a.detail as { year: number }).year])).toEqual([
          [`dingtalk:${CORP_ID}:lisi02`, seeded.members['李四'], seeded.committeeId, 'chat', year],
          [`dingtalk:${CORP_ID}:lisi02`, seeded.members['李四'], seeded.committeeId, 'link', year],
        ]);
      } finally {
        await t.db.roleGrant.delete({ where: { id: grant.id } });
      }
    });

    it('is refused once its holder no longer administers the committee: 403, a Chinese page, nothing built or audited', async () => {
      const token = packToken(`tree-${seeded.committeeId}-${now.getFullYear()}`, seeded.committeeId, `dingtalk:${CORP_ID}:lisi02`);
      const grant = await adminOfCommittee();
      expect((await fetch(`${base}/exports/${token}`, { method: 'HEAD' })).status).toBe(200);
      await t.db.roleGrant.delete({ where: { id: grant.id } });
      // A committee post is not enough: the pack is an admin's export.
      const post = await t.db.roleGrant.create({ data: { memberId: seeded.members['李四'] ?? 0, role: 'organization_officer', organizationId: seeded.committeeId } });
      try {
        const before = await rowCounts(t.db);
        const response = await fetch(`${base}/exports/${token}`);
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await response.text()).toContain('链接的申请人已不再是所导出组织的管理员，链接已失效。');
        expect(await rowCounts(t.db)).toEqual(before);
      } finally {
        await t.db.roleGrant.delete({ where: { id: post.id } });
      }
    });

    it('a pack token whose organisation and subject disagree is refused as altered; one of every organisation follows ZHIBU_ADMINS', async () => {
      const year = now.getFullYear();
      const before = await rowCounts(t.db);
      for (const token of [
        packToken(`tree-${seeded.committeeId}-${year}`, seeded.branchId, `dingtalk:${CORP_ID}:lisi02`),
        packToken(`tree-all-${year}`, seeded.committeeId, `dingtalk:${CORP_ID}:itadmin09`),
        packToken(`tree-${seeded.committeeId}-${year}`, 0, `dingtalk:${CORP_ID}:lisi02`),
      ]) {
        const response = await fetch(`${base}/exports/${token}`);
        expect(response.status).toBe(403);
        expect(await response.text()).toContain('这个下载链接不完整或已被改动，不能使用。');
      }
      expect(await rowCounts(t.db)).toEqual(before);

      const all = packToken(`tree-all-${year}`, 0, `dingtalk:${CORP_ID}:itadmin09`);
      expect((await fetch(`${base}/exports/${all}`)).status).toBe(403);
      expect(await statusWithBootstrapAdmin(all)).toBe(200);
      expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'tree.export' } })).detail).toMatchObject({ via: 'link', year });
    });
  });

  it('without ZHIBU_PUBLIC_URL the message says files cannot be sent on DingTalk', async () => {
    await exportAs('张三', platform(false));
    expect(standIn.calls[0]?.msgKey).toBe('sampleMarkdown');
    expect(String(standIn.calls[0]?.param.text)).toContain('钉钉机器人不能直接发送文件');
  });

  it('a member gets no link', async () => {
    const replies = await exportAs('李四', platform(true));
    expect(replies.map((r) => r.message.lines.join('')).join('')).toContain('只有本支部书记');
    expect(standIn.calls).toEqual([]);
  });
});
