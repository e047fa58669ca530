import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attachment, FetchAttachment } from '../../src/bot/types.js';
import { exportLedger } from '../../src/ledger/export-ledger.js';
import { pruneLapsedDialogues } from '../../src/ops/prune-dialogues.js';
import { createFileStore, type FileStore } from '../../src/storage/file-store.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { exeBytes, jpegBytes, pngBytes } from '../support/sample-files.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const LINES = ['一、传达学习上级会议精神。', '二、讨论本季度发展党员计划。', '三、决定：12月底前完成谈心谈话。'];
const MAX = 64 * 1024;

describe.each(testProviders())('the meeting-record dialogue on %s', (provider) => {
  const f = useBranchFixture(provider);
  let dir: string;
  let uploads: Map<string, Buffer>;
  const fetchAttachment: FetchAttachment = (_from, attachment, maxBytes) => {
    const bytes = uploads.get(attachment.key);
    if (!bytes) return Promise.reject(new Error('the platform answered 404'));
    return Promise.resolve(maxBytes === undefined ? bytes : bytes.subarray(0, maxBytes + 1));
  };
  const photo = (key: string, bytes: Buffer, name = '照片'): Attachment => {
    uploads.set(key, bytes);
    return { key, name, messageId: `om_${key}`, kind: 'image' };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-files-'));
    uploads = new Map();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['disk', 'database'] as const) {
    it(`the secretary records topic, host, recorder, three lines and two photos; the zip holds them byte-identical (${kind})`, async () => {
      const files: FileStore = kind === 'disk' ? createFileStore(f.db, { kind, dir, maxBytes: MAX }) : createFileStore(f.db, { kind, maxBytes: MAX });
      const chat = createTestChat(f.db, { now: shanghai('17:00'), fetchAttachment, files });
      await chat.say('李四', '签到', { chat: 'group' }).catch(() => []);
      const opened = await chat.say('张三', `/record ${f.activityId} topic=学习党章 host=@张三 recorder=@李四`);
      expect(chatText(opened)).toContain(`已保存活动 #${f.activityId}「主题党日」的会议记录（第 1 版，议题、主持人、记录人）。`);
      expect(chatText(opened)).toContain('请在与我的私聊中发送会议内容。');
      expect(privateText(opened, '张三')).toContain('请发送会议内容，发送「完成」结束。');

      const p2p = { chat: 'p2p' as const };
      for (const [i, line] of LINES.entries()) {
        chat.setNow(shanghai(`17:0${i + 1}`));
        expect(chatText(await chat.say('张三', line, p2p))).toBe(`已记下（共 ${i + 1} 行、${LINES.slice(0, i + 1).join('\n').length} 字）。继续发送，或发送「完成」保存。`);
      }
      const first = jpegBytes(3000);
      const second = pngBytes(5000);
      expect(chatText(await chat.say('张三', '[image]', { ...p2p, attachment: photo('img_1', first) }))).toBe('已收到照片（3 KB），这次共 1 个照片和文件。发送「完成」保存。');
      // A restart in between: a new conversation core on the same database carries on.
      const restarted = createTestChat(f.db, { now: shanghai('17:10'), fetchAttachment, files });
      expect(chatText(await restarted.say('张三', '[image]', { ...p2p, attachment: photo('img_2', second) }))).toContain('这次共 2 个照片和文件');
      const done = await restarted.say('张三', '完成', p2p);
      expect(chatText(done)).toBe(`已保存活动 #${f.activityId}「主题党日」的会议记录（第 2 版，会议内容、照片和文件 2 个）。`);

      const record = await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId }, include: { files: { orderBy: { id: 'asc' } }, revisions: { orderBy: { version: 'asc' } } } });
      expect(record).toMatchObject({ topic: '学习党章', content: LINES.join('\n'), version: 2, editedAt: null });
      expect(record.revisions.map((r) => r.fileCount)).toEqual([0, 2]);
      expect(record.files.map((x) => [x.name, x.mimeType, x.size, x.storage, x.uploadedById])).toEqual([
        ['照片.jpg', 'image/jpeg', 3000, kind, f.seeded.members['张三']], ['照片.png', 'image/png', 5000, kind, f.seeded.members['张三']],
      ]);
      expect(await f.db.recordDialogue.count()).toBe(0);
      const audit = await f.db.auditLog.findFirstOrThrow({ where: { action: 'meeting_record.update' } });
      expect(audit.detail).toEqual({ activityId: f.activityId, version: 2, changed: ['content'], isAmendment: false, filesAdded: 2 });
      if (kind === 'disk') expect(readdirSync(dir).length).toBe(2);
      else expect(await f.db.meetingFileBlob.count()).toBe(2);

      const view = privateText(await restarted.say('张三', `/record ${f.activityId}`), '张三');
      expect(view).toContain('照片和文件：2 个');
      expect(view).toContain('张三：会议内容、照片和文件（2 个）');

      const exported = await exportLedger(f.db, { branchId: f.seeded.branchId, period: { kind: 'year', year: 2026 }, now: shanghai('18:00'), defaultZone: 'Asia/Shanghai', actor: 'cli:test', via: 'cli', format: 'zip', files });
      expect(exported).toMatchObject({ name: '第一党支部-台账-2026.zip', files: 2 });
      const zip = await JSZip.loadAsync(exported.content);
      expect(Object.keys(zip.files).sort()).toEqual(['2026-12-04 主题党日/', '2026-12-04 主题党日/照片1.jpg', '2026-12-04 主题党日/照片2.png', '第一党支部-台账-2026.xlsx']);
      expect(Buffer.compare(await zip.file('2026-12-04 主题党日/照片1.jpg')?.async('nodebuffer') ?? Buffer.alloc(0), first)).toBe(0);
      expect(Buffer.compare(await zip.file('2026-12-04 主题党日/照片2.png')?.async('nodebuffer') ?? Buffer.alloc(0), second)).toBe(0);
    });
  }

  it('bad files, a failed download, a stranger, 取消 and a lapsed dialogue: clear answers, the record intact', async () => {
    const files = createFileStore(f.db, { kind: 'disk', dir, maxBytes: MAX });
    const chat = createTestChat(f.db, { now: shanghai('17:00'), fetchAttachment, files });
    const p2p = { chat: 'p2p' as const };
    await chat.say('张三', `/record ${f.activityId}\n${LINES[0]}`);
    const before = await rowCounts(f.db);

    expect(chatText(await chat.say('王五', `/record ${f.activityId}`))).toBe('只有本支部书记、组织委员、管理员或这次活动的记录人可以填写和查看会议记录。');
    expect(chatText(await chat.say('张三', '/record 99999 继续'))).toContain('「第一党支部」没有编号为 99999 的活动。');
    expect(await rowCounts(f.db)).toEqual(before);

    const opened = await chat.say('张三', `/record ${f.activityId} 继续`, p2p);
    expect(chatText(opened)).toContain(`已有内容 ${LINES[0]?.length ?? 0} 字，接着发送的内容会加在后面。`);
    expect(chatText(await chat.say('张三', '[image]', { ...p2p, attachment: photo('big', jpegBytes(MAX + 10)) }))).toBe('这个照片超过 64 KB，没有保存。会议记录没有改动。');
    const exe: Attachment = { key: 'exe', name: '合影.jpg', messageId: 'om_exe', kind: 'file' };
    uploads.set('exe', exeBytes());
    expect(chatText(await chat.say('张三', '[file]', { ...p2p, attachment: exe }))).toBe('这个文件「合影.jpg」不是可以保存的类型，没有保存，会议记录没有改动。可以发送图片（JPG、PNG、GIF、WEBP）、PDF 和 Office 文件（Word、Excel、PowerPoint）。');
    const missing: Attachment = { key: 'gone', name: '照片', messageId: 'om_gone', kind: 'image' };
    expect(chatText(await chat.say('张三', '[image]', { ...p2p, attachment: missing }))).toBe('没能取回这个照片，没有保存。请再发送一次。');
    expect(await f.db.meetingFile.count()).toBe(0);
    expect(readdirSync(dir)).toEqual([]);

    // A photo and a line, then 取消: nothing of it stays.
    await chat.say('张三', '[image]', { ...p2p, attachment: photo('ok', jpegBytes()) });
    await chat.say('张三', LINES[1] ?? '', p2p);
    expect(chatText(await chat.say('张三', '取消', p2p))).toBe(`已放弃，活动 #${f.activityId} 的会议记录没有改动。`);
    expect(await rowCounts(f.db)).toMatchObject({ ...before, auditLog: before.auditLog, meetingFile: 0, recordDialogue: 0 });
    expect(readdirSync(dir)).toEqual([]);
    expect(await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId } })).toMatchObject({ content: LINES[0], version: 1 });

    // After 30 minutes without a message the dialogue has lapsed: said so, nothing saved.
    await chat.say('张三', `/record ${f.activityId} 继续`, p2p);
    await chat.say('张三', LINES[1] ?? '', p2p);
    chat.setNow(shanghai('17:31'));
    expect(chatText(await chat.say('张三', '完成', p2p))).toBe(`填写活动 #${f.activityId} 会议记录的对话已结束（30 分钟没有新消息），发送的内容没有保存。需要时请重新发送 /record ${f.activityId}。`);
    expect(await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId } })).toMatchObject({ content: LINES[0], version: 1 });
    // Afterwards private messages are commands again.
    expect(chatText(await chat.say('张三', '完成', p2p))).toContain('没看懂');
  });

  it('a dialogue that lapsed over a day ago is pruned with its unsaved photo; bytes no row names are swept', async () => {
    const files = createFileStore(f.db, { kind: 'disk', dir, maxBytes: MAX });
    const chat = createTestChat(f.db, { now: shanghai('17:00'), fetchAttachment, files });
    await chat.say('张三', `/record ${f.activityId}`, { chat: 'p2p' });
    await chat.say('张三', '[image]', { chat: 'p2p', attachment: photo('p', jpegBytes()) });
    expect(await f.db.meetingFile.count()).toBe(1);
    // Bytes left by a crash between the file and its row, or by a deleted activity.
    mkdirSync(join(dir, 'ab'));
    writeFileSync(join(dir, 'ab', 'ab'.padEnd(64, '0')), 'orphan');
    utimesSync(join(dir, 'ab', 'ab'.padEnd(64, '0')), 0, 0);

    expect(await pruneLapsedDialogues(f.db, files, shanghai('18:00'))).toEqual({ dialogues: 0, files: 0, unreferenced: 1 });
    expect(await f.db.recordDialogue.count()).toBe(1);
    expect(await pruneLapsedDialogues(f.db, files, shanghai('18:00', '2026-12-06'))).toEqual({ dialogues: 1, files: 1, unreferenced: 0 });
    expect(await rowCounts(f.db)).toMatchObject({ meetingFile: 0, recordDialogue: 0, meetingRecord: 0 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the recorder named in advance writes through the dialogue too, and may send a PDF', async () => {
    const files = createFileStore(f.db, { kind: 'database', maxBytes: MAX });
    const chat = createTestChat(f.db, { now: shanghai('09:00'), fetchAttachment, files });
    await chat.say('张三', `/record ${f.activityId} recorder=@李四`);
    expect(await f.db.recordDialogue.count()).toBe(0);
    chat.setNow(shanghai('17:00'));
    const opened = await chat.say('李四', `/record ${f.activityId}`);
    expect(chatText(opened)).toBe('请在与我的私聊中发送会议内容。');
    expect(privateText(opened, '李四')).toContain('记录人：李四');
    await chat.say('李四', LINES[0] ?? '', { chat: 'p2p' });
    uploads.set('pdf', Buffer.from('%PDF-1.7\n1 0 obj\n'));
    expect(chatText(await chat.say('李四', '[file]', { chat: 'p2p', attachment: { key: 'pdf', name: '会议材料.pdf', messageId: 'om_pdf', kind: 'file' } }))).toContain('已收到文件');
    expect(chatText(await chat.say('李四', '完成', { chat: 'p2p' }))).toBe(`已保存活动 #${f.activityId}「主题党日」的会议记录（第 2 版，会议内容、照片和文件 1 个）。`);
    expect(await f.db.meetingFile.findFirstOrThrow()).toMatchObject({ name: '会议材料.pdf', mimeType: 'application/pdf', uploadedById: f.seeded.members['李四'] });
  });
});
