import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { cardActionEvent, feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, emptyTables, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const ENCRYPT_KEY = 'zhibu-test-encrypt-key';
const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
const GROUP = 'oc_group000000000001';
const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
const OPEN_IDS: Record<string, string> = { 张三: 'ou_zhangsan00000001', 李四: 'ou_lisi000000000002', 王五: 'ou_wangwu0000000003', 赵六: 'ou_zhaoliu000000004' };

describe('Feishu: files out (exported ledgers) and in (rosters)', () => {
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let bot: RunningBot;

  const deliver = (envelope: unknown) => {
    const request = feishuRequest(envelope, ENCRYPT_KEY);
    return fetch(`http://127.0.0.1:${bot.port}/feishu/events`, { method: 'POST', body: request.body, headers: request.headers });
  };
  const say = (name: string, text: string) =>
    deliver(messageEvent({ text: `@_user_1 ${text}`, senderOpenId: OPEN_IDS[name] ?? name, mentions: [BOT], token: TOKEN, chatId: GROUP }));

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    await emptyTables(t.db);
    await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (name) => OPEN_IDS[name] ?? name });
    standIn.calls.length = 0;
    standIn.uploads.length = 0;
    bot = await startBot(readConfig({ ZHIBU_REMINDERS: 'off',
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'secret',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('/export asked in the group: a note there, the card and the uploaded workbook to the secretary in private', async () => {
    await say('张三', '/export');
    await waitFor(() => standIn.calls.length === 3, 'the note, the card and the file');
    const [note, card, file] = standIn.calls;
    expect(note).toMatchObject({ kind: 'reply', msgType: 'text', content: { text: '台账已私信发给你。' } });
    expect(card).toMatchObject({ kind: 'create', receiveIdType: 'open_id', receiveId: OPEN_IDS['张三'], msgType: 'interactive' });
    const year = new Date().getFullYear();
    expect(standIn.uploads.map((u) => [u.fileName, u.fileType])).toEqual([[`第一党支部-台账-${year}.xlsx`, 'xls']]);
    expect(file).toMatchObject({ kind: 'create', receiveIdType: 'open_id', receiveId: OPEN_IDS['张三'], msgType: 'file', content: { file_key: standIn.uploads[0]?.fileKey } });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(standIn.uploads[0]?.content as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('党员名册')?.getCell('B3').value).toBe('李四');
    expect(await t.db.auditLog.count({ where: { action: 'ledger.export' } })).toBe(1);
  });

  it('/record <id> print: the printable record is uploaded as a Word file (file_type doc) to the secretary in private', async () => {
    const branch = await t.db.organization.findFirstOrThrow({ where: { kind: 'branch' } });
    const activity = await addActivity(t.db, branch.id, '2026-12-04T07:00:00.000Z', 'Asia/Shanghai', '12月主题党日');
    await say('张三', `/record ${activity.id} print`);
    await waitFor(() => standIn.calls.some((c) => c.msgType === 'file'), 'the file');
    expect(standIn.uploads.map((u) => [u.fileName, u.fileType])).toEqual([['第一党支部-会议记录-2026-12-04-主题党日.docx', 'doc']]);
    const zip = await JSZip.loadAsync(standIn.uploads[0]?.content ?? Buffer.alloc(0));
    expect(await zip.file('word/document.xml')?.async('string')).toContain('第一党支部会议记录');
  });

  it('a failed upload is retried and the file still arrives once', async () => {
    standIn.failUploads(1);
    await say('张三', '/export');
    await waitFor(() => standIn.calls.filter((c) => c.msgType === 'file').length === 1, 'the file after a retry');
    expect(standIn.uploads).toHaveLength(1);
  });

  it('a roster file sent in private: downloaded as a message resource, previewed, imported on the card button', async () => {
    const P2P = 'oc_p2p_zhangsan00001';
    standIn.chatModes.set(P2P, 'p2p');
    standIn.putResource('om_roster_file', 'file_v3_roster', Buffer.from('\uFEFF姓名,飞书ID,状态,入党日期\n钱七,ou_qianqi0000000005,预备党员,2026-05-04\n', 'utf8'));
    const envelope = messageEvent({ text: '', senderOpenId: OPEN_IDS['张三'] ?? '', token: TOKEN, chatId: P2P, chatType: 'p2p', messageType: 'file', messageId: 'om_roster_file' }) as { event: { message: { content: string } } };
    envelope.event.message.content = JSON.stringify({ file_key: 'file_v3_roster', file_name: '名册.csv' });
    const before = await t.db.member.count();
    await deliver(envelope);
    await waitFor(() => standIn.calls.length === 1, 'the preview');
    const preview = standIn.calls[0];
    expect(preview).toMatchObject({ kind: 'reply', replyTo: 'om_roster_file', msgType: 'interactive' });
    expect(standIn.texts()[0]).toContain('将新增 1 人：钱七');
    expect(await t.db.member.count()).toBe(before);

    const button = JSON.stringify(preview?.content).match(/"value":(\{[^}]*"fileKey":"file_v3_roster"[^}]*\})/)?.[1];
    expect(button).toBeDefined();
    const click = cardActionEvent({ value: JSON.parse(button ?? '{}') as Record<string, string>, operatorOpenId: OPEN_IDS['张三'] ?? '', chatId: P2P, messageId: preview?.messageId ?? '', token: TOKEN });
    const request = feishuRequest(click, ENCRYPT_KEY);
    const answer = await fetch(`http://127.0.0.1:${bot.port}/feishu/cards`, { method: 'POST', body: request.body, headers: request.headers });
    expect(answer.status).toBe(200);
    await waitFor(async () => (await t.db.member.count()) === before + 1, 'the import');
    const identity = await t.db.identity.findFirstOrThrow({ where: { platformUserId: 'ou_qianqi0000000005' }, include: { member: true } });
    expect(identity).toMatchObject({ platform: 'feishu', tenant: TENANT, member: { name: '钱七', status: 'probationary' } });
    expect(await t.db.auditLog.count({ where: { action: 'member.import' } })).toBe(1);
  });

  describe('an organisation tree sent in private (组织名称、类型 in its first row)', () => {
    const P2P = 'oc_p2p_zhangsan00001';
    const sendFile = async (name: string, messageId: string, csv: string) => {
      standIn.chatModes.set(P2P, 'p2p');
      standIn.putResource(messageId, `file_v3_${messageId}`, Buffer.from(`\uFEFF${csv}`, 'utf8'));
      const envelope = messageEvent({ text: '', senderOpenId: OPEN_IDS[name] ?? '', token: TOKEN, chatId: P2P, chatType: 'p2p', messageType: 'file', messageId }) as { event: { message: { content: string } } };
      envelope.event.message.content = JSON.stringify({ file_key: `file_v3_${messageId}`, file_name: '组织架构.csv' });
      await deliver(envelope);
    };
    const TREE = '组织名称,类型,上级组织,书记\n区财政局机关党委,党委,机关工委,\n预算科党支部,支部,区财政局机关党委,钱七\n';
    const grantAdmin = async () => {
      const committee = await t.db.organization.findUniqueOrThrow({ where: { name: '机关工委' } });
      const zhang = await t.db.member.findFirstOrThrow({ where: { name: '张三' } });
      await t.db.roleGrant.create({ data: { memberId: zhang.id, role: 'admin', organizationId: committee.id } });
    };

    it('from an admin of the parent: previewed, then created on the card button, the 书记 on the new branch\'s roster', async () => {
      await grantAdmin();
      const before = await t.db.organization.count();
      await sendFile('张三', 'om_tree_file', TREE);
      await waitFor(() => standIn.calls.length === 1, 'the preview');
      const preview = standIn.calls[0];
      expect(standIn.texts()[0]).toContain('将从「组织架构.csv」建立 2 个组织：');
      expect(standIn.texts()[0]).toContain('预算科党支部（党支部，上级：区财政局机关党委，书记：钱七）');
      expect(await t.db.organization.count()).toBe(before);

      const button = JSON.stringify(preview?.content).match(/"value":(\{[^}]*"fileKey":"file_v3_om_tree_file"[^}]*\})/)?.[1];
      expect(button).toContain('/org import confirm=yes');
      const click = cardActionEvent({ value: JSON.parse(button ?? '{}') as Record<string, string>, operatorOpenId: OPEN_IDS['张三'] ?? '', chatId: P2P, messageId: preview?.messageId ?? '', token: TOKEN });
      const request = feishuRequest(click, ENCRYPT_KEY);
      const answer = await fetch(`http://127.0.0.1:${bot.port}/feishu/cards`, { method: 'POST', body: request.body, headers: request.headers });
      expect(answer.status).toBe(200);
      expect(JSON.stringify(await answer.json())).toContain('已从「组织架构.csv」导入 2 个组织。');
      await waitFor(async () => (await t.db.organization.count()) === before + 2, 'the import');
      const branch = await t.db.organization.findUniqueOrThrow({ where: { name: '预算科党支部' }, include: { parent: true } });
      expect(branch).toMatchObject({ kind: 'branch', parent: { name: '区财政局机关党委', kind: 'committee' } });
      const secretary = await t.db.member.findFirstOrThrow({ where: { name: '钱七' }, include: { roleGrants: true } });
      expect(secretary).toMatchObject({ branchId: branch.id, roleGrants: [{ role: 'secretary', organizationId: branch.id }] });
      expect(await t.db.auditLog.count({ where: { action: 'organization.create', actor: `feishu:${TENANT}:${OPEN_IDS['张三'] ?? ''}` } })).toBe(2);
    });

    it('a row placed where the sender is not an admin (at the top, or under another tree) names the row and creates nothing', async () => {
      await grantAdmin();
      await t.db.organization.create({ data: { name: '区委党校党委', kind: 'committee' } });
      const before = await t.db.organization.count();
      await sendFile('张三', 'om_tree_outside', '组织名称,类型,上级组织\n新机关工委,工委,\n党校第二支部,支部,区委党校党委\n财政支部,支部,机关工委\n');
      await waitFor(() => standIn.calls.length === 1, 'the answer');
      const said = standIn.texts()[0] ?? '';
      expect(said).toContain('「组织架构.csv」没有导入，组织未作任何改动。');
      expect(said).toContain('第 2 行：「新机关工委」没有上级组织，须由全局管理员建立。');
      expect(said).toContain('第 3 行：你不是「区委党校党委」的管理员，不能在其下建立组织。');
      expect(said).not.toContain('第 4 行');
      expect(await t.db.organization.count()).toBe(before);
    });

    it('from a branch secretary who administers nothing: refused, nothing created', async () => {
      const before = await t.db.organization.count();
      await sendFile('张三', 'om_tree_secretary', TREE);
      await waitFor(() => standIn.calls.length === 1, 'the refusal');
      expect(standIn.texts()[0]).toContain('只有管理员可以使用');
      expect(await t.db.organization.count()).toBe(before);
    });
  });

  it('a member asking gets the refusal and no file', async () => {
    await say('李四', '/export');
    await waitFor(() => standIn.calls.length >= 1, 'the refusal');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(standIn.texts().join('\n')).toContain('只有本支部书记、组织委员或管理员可以使用 /export。');
    expect(standIn.uploads).toEqual([]);
  });
});
