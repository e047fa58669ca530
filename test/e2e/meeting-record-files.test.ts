import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, dingtalkRequest, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { feishuRequest, messageEvent, TENANT } from '../support/feishu-events.js';
import { startFeishuStandIn, type FeishuStandIn } from '../support/feishu-stand-in.js';
import { exeBytes, jpegBytes, pngBytes } from '../support/sample-files.js';
import { addActivity, seedBranch, type SeededBranch } from '../support/seed.js';
import { createTestDatabase, emptyTables, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

// The done-when of issue 19 on both platforms: a secretary records a 支委会 with topic, host,
// recorder, three lines of content and two photos through the private dialogue; the ledger
// export has the record, and its .zip the two photos byte-identical. Bad files are refused.

const LINES = ['一、传达学习上级会议精神。', '二、讨论本季度发展党员计划。', '三、决定：本月底前完成谈心谈话。'];
const PHOTOS = [jpegBytes(40_000), pngBytes(60_000)];
const OVERSIZED = jpegBytes(1024 * 1024 + 100);

/** A 支委会 that ended an hour ago, whatever day the suite runs. */
async function committeeMeeting(db: Db, branchId: number) {
  const activity = await addActivity(db, branchId, new Date(Date.now() - 60 * 60_000).toISOString(), 'Asia/Shanghai', '支委会');
  return db.activity.update({ where: { id: activity.id }, data: { kind: 'committee_meeting' } });
}

/** What an inspector checks: the record, its revisions and audit rows, and the zip. */
async function expectRecorded(db: Db, activity: { id: number; startsAt: Date }, seeded: SeededBranch, zipBytes: Buffer) {
  const record = await db.meetingRecord.findUniqueOrThrow({ where: { activityId: activity.id }, include: { files: { orderBy: { id: 'asc' } }, revisions: true } });
  expect(record).toMatchObject({ topic: '学习党章', hostMemberId: seeded.members['张三'], recorderMemberId: seeded.members['李四'], content: LINES.join('\n') });
  expect(record.files.map((f) => f.mimeType)).toEqual(['image/jpeg', 'image/png']);
  expect(await db.auditLog.count({ where: { action: { in: ['meeting_record.create', 'meeting_record.update'] } } })).toBe(record.version);
  const zip = await JSZip.loadAsync(zipBytes);
  const folder = `${DateTime.fromJSDate(activity.startsAt, { zone: 'Asia/Shanghai' }).toISODate() ?? ''} 支委会`;
  expect(Buffer.compare(await zip.file(`${folder}/照片1.jpg`)?.async('nodebuffer') ?? Buffer.alloc(0), PHOTOS[0] ?? Buffer.alloc(1))).toBe(0);
  expect(Buffer.compare(await zip.file(`${folder}/照片2.png`)?.async('nodebuffer') ?? Buffer.alloc(0), PHOTOS[1] ?? Buffer.alloc(1))).toBe(0);
  const workbookName = Object.keys(zip.files).find((name) => name.endsWith('.xlsx')) ?? '';
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await zip.file(workbookName)?.async('arraybuffer') ?? new ArrayBuffer(0));
  const sheet = workbook.getWorksheet('会议记录');
  const row = sheet?.getRow(2);
  const header = sheet?.getRow(1).values as unknown[];
  const cell = (name: string) => row?.getCell(header.indexOf(name)).value;
  expect([cell('活动名称'), cell('主持人'), cell('记录人'), cell('议题'), cell('会议内容'), cell('照片和文件')]).toEqual(['支委会', '张三', '李四', '学习党章', LINES.join('\n'), 2]);
}

describe('meeting records with photos on Feishu (webhook, files in the database)', () => {
  const ENCRYPT_KEY = 'zhibu-test-encrypt-key';
  const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
  const GROUP = 'oc_group000000000001';
  const P2P = 'oc_p2p_zhangsan00001';
  const BOT = { openId: 'ou_bot0000000000', name: '支部助手', isBot: true };
  const OPEN_IDS: Record<string, string> = { 张三: 'ou_zhangsan00000001', 李四: 'ou_lisi000000000002', 王五: 'ou_wangwu0000000003', 赵六: 'ou_zhaoliu000000004' };
  let t: TestDatabase;
  let standIn: FeishuStandIn;
  let bot: RunningBot;
  let seeded: SeededBranch;

  const deliver = (envelope: unknown) => {
    const request = feishuRequest(envelope, ENCRYPT_KEY);
    return fetch(`http://127.0.0.1:${bot.port}/feishu/events`, { method: 'POST', body: request.body, headers: request.headers });
  };
  /** Says something and waits for the bot's answers to it. */
  const exchange = async (envelope: unknown, answers = 1) => {
    const before = standIn.calls.length;
    expect((await deliver(envelope)).status).toBe(200);
    await waitFor(() => standIn.calls.length >= before + answers, 'the answer');
    return standIn.texts().slice(before).join('\n');
  };
  const inGroup = (name: string, text: string) => messageEvent({ text: `@_user_1 ${text}`, senderOpenId: OPEN_IDS[name] ?? name, mentions: [BOT], token: TOKEN, chatId: GROUP });
  const inPrivate = (text: string) => messageEvent({ text, senderOpenId: OPEN_IDS['张三'] ?? '', token: TOKEN, chatId: P2P, chatType: 'p2p' });
  let sent = 0;
  const picture = (bytes: Buffer, kind: 'image' | 'file' = 'image', fileName = '合影.jpg') => {
    sent += 1;
    const messageId = `om_upload_${sent}`;
    const key = `${kind === 'image' ? 'img' : 'file'}_v3_${sent}`;
    standIn.putResource(messageId, key, bytes, kind);
    const envelope = messageEvent({ text: '', senderOpenId: OPEN_IDS['张三'] ?? '', token: TOKEN, chatId: P2P, chatType: 'p2p', messageType: kind, messageId }) as { event: { message: { content: string } } };
    envelope.event.message.content = JSON.stringify(kind === 'image' ? { image_key: key } : { file_key: key, file_name: fileName });
    return envelope;
  };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startFeishuStandIn();
    standIn.chatModes.set(P2P, 'p2p');
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    await emptyTables(t.db);
    seeded = await seedBranch(t.db, { platform: 'feishu', tenant: TENANT, chatId: GROUP, accountOf: (name) => OPEN_IDS[name] ?? name });
    standIn.calls.length = 0;
    standIn.uploads.length = 0;
    bot = await startBot(readConfig({ ZHIBU_REMINDERS: 'off', ZHIBU_FILES_STORE: 'database', ZHIBU_FILE_MAX_MB: '1',
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 'secret',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_MODE: 'webhook', FEISHU_DOMAIN: standIn.url,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('a 支委会 recorded through the private dialogue with two photos; the zip export holds them byte-identical', async () => {
    const meeting = await committeeMeeting(t.db, seeded.branchId);
    const opened = await exchange(inGroup('张三', `/record ${meeting.id} topic=学习党章 host=@张三 recorder=@李四`), 3);
    expect(opened).toContain('请在与我的私聊中发送会议内容。');
    expect(opened).toContain('请发送会议内容，发送「完成」结束。');
    for (const line of LINES) expect(await exchange(inPrivate(line))).toContain('已记下');
    for (const photo of PHOTOS) expect(await exchange(picture(photo))).toContain('已收到照片');
    // Bad files in the same dialogue: refused in Chinese, the dialogue goes on.
    expect(await exchange(picture(OVERSIZED))).toBe('这个照片超过 1 MB，没有保存。会议记录没有改动。');
    expect(await exchange(picture(exeBytes(), 'file', '合影.jpg'))).toContain('这个文件「合影.jpg」不是可以保存的类型');
    expect(await exchange(inPrivate('完成'))).toBe(`已保存活动 #${meeting.id}「支委会」的会议记录（第 2 版，会议内容、照片和文件 2 个）。`);
    expect(await t.db.meetingFileBlob.count()).toBe(2);

    await exchange(inGroup('张三', '/export zip'), 3);
    await waitFor(() => standIn.uploads.length === 1, 'the zip upload');
    expect(standIn.uploads[0]?.fileName).toMatch(/^第一党支部-台账-\d{4}\.zip$/u);
    await expectRecorded(t.db, meeting, seeded, standIn.uploads[0]?.content ?? Buffer.alloc(0));
  });

  it('a member who is not secretary or recorder, and an unknown activity: told so, nothing written', async () => {
    const meeting = await committeeMeeting(t.db, seeded.branchId);
    expect(await exchange(inGroup('王五', `/record ${meeting.id} 继续`))).toBe('只有本支部书记、组织委员、管理员或这次活动的记录人可以填写和查看会议记录。');
    expect(await exchange(inGroup('张三', '/record 99999'))).toContain('「第一党支部」没有编号为 99999 的活动。');
    expect(await t.db.recordDialogue.count()).toBe(0);
    expect(await t.db.meetingRecord.count()).toBe(0);
  });
});

describe('meeting records with photos on DingTalk (HTTP callback, files on disk)', () => {
  const GROUP = 'cidGroupStandin0001==';
  const PRIVATE = 'cidPrivateZhangsan01==';
  const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };
  const PUBLIC_URL = 'https://zhibu.example.gov.cn';
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let bot: RunningBot;
  let seeded: SeededBranch;
  let dir: string;

  const exchange = async (message: Record<string, unknown>, answers = 1) => {
    const before = standIn.calls.length;
    const request = dingtalkRequest(message, CLIENT_SECRET);
    expect((await fetch(`http://127.0.0.1:${bot.port}/dingtalk/events`, { method: 'POST', body: request.body, headers: request.headers })).status).toBe(200);
    await waitFor(() => standIn.calls.length >= before + answers, 'the answer');
    return standIn.texts().slice(before).join('\n');
  };
  const inGroup = (name: string, text: string) => robotMessage({ text, staffId: STAFF[name] ?? name, nick: name, conversationId: GROUP, sessionWebhook: standIn.sessionWebhook('s-group') });
  const inPrivate = (text: string) => robotMessage({ text, staffId: STAFF['张三'] ?? '', nick: '张三', conversationId: PRIVATE, conversationType: '1', sessionWebhook: standIn.sessionWebhook('s-private') });
  let sent = 0;
  const upload = (bytes: Buffer, msgtype: 'picture' | 'file' = 'picture', fileName = '合影.jpg') => {
    sent += 1;
    const downloadCode = `dl-code-${sent}`;
    standIn.putFile(downloadCode, bytes);
    const { text: _text, ...message } = inPrivate('');
    return { ...message, msgtype, content: msgtype === 'picture' ? { downloadCode } : { downloadCode, fileName } };
  };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    standIn = await startDingtalkStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await t.close();
  });
  beforeEach(async () => {
    await emptyTables(t.db);
    seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    standIn.calls.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'zhibu-files-'));
    bot = await startBot(readConfig({ ZHIBU_REMINDERS: 'off', ZHIBU_FILES_DIR: dir, ZHIBU_FILE_MAX_MB: '1',
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
      DINGTALK_MODE: 'webhook', DINGTALK_API_BASE: standIn.url, ZHIBU_PUBLIC_URL: PUBLIC_URL, ZHIBU_LINK_SECRET: 'k3Y-for-zhibu-tests-9f2c7e1a5b8d4',
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  });
  afterEach(async () => {
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 支委会 recorded through the private dialogue with two pictures; the zip behind the download link holds them byte-identical', async () => {
    const meeting = await committeeMeeting(t.db, seeded.branchId);
    const opened = await exchange(inGroup('张三', `/record ${meeting.id} topic=学习党章 host=@张三 recorder=@李四`), 4);
    expect(opened).toContain('请发送会议内容，发送「完成」结束。');
    for (const line of LINES) expect(await exchange(inPrivate(line))).toContain('已记下');
    for (const photo of PHOTOS) expect(await exchange(upload(photo))).toContain('已收到照片');
    expect(await exchange(upload(OVERSIZED))).toBe('这个照片超过 1 MB，没有保存。会议记录没有改动。');
    expect(await exchange(upload(exeBytes(), 'file', '合影.jpg'))).toContain('这个文件「合影.jpg」不是可以保存的类型');
    const failed = await exchange({ ...upload(PHOTOS[0] ?? Buffer.alloc(0)), content: { downloadCode: 'no-such-code' } });
    expect(failed).toBe('没能取回这个照片，没有保存。请再发送一次。');
    expect(await exchange(inPrivate('完成'))).toBe(`已保存活动 #${meeting.id}「支委会」的会议记录（第 2 版，会议内容、照片和文件 2 个）。`);

    const before = standIn.calls.length;
    await exchange(inGroup('张三', '/export zip'), 2);
    const link = JSON.stringify(standIn.calls.slice(before)).match(/https:\/\/zhibu\.example\.gov\.cn\/exports\/[A-Za-z0-9._-]+/u)?.[0];
    expect(link).toBeDefined();
    const response = await fetch((link ?? '').replace(PUBLIC_URL, `http://127.0.0.1:${bot.port}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/zip');
    await expectRecorded(t.db, meeting, seeded, Buffer.from(await response.arrayBuffer()));
  });
});
