import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingFile, Reply } from '../../src/bot/types.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { testProviders } from '../support/test-database.js';

/** The file a reply carries. */
function fileOf(replies: Reply[]): OutgoingFile {
  const file = replies.find((r) => r.message.file)?.message.file;
  if (!file) throw new Error('no file in the replies');
  return file;
}

/** The visible text of a .docx (a zip): every run of word/document.xml, paragraphs on their own lines. */
async function docxText(content: Buffer): Promise<{ text: string; styles: string }> {
  const zip = await JSZip.loadAsync(content);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return { text, styles: (await zip.file('word/styles.xml')?.async('string')) ?? '' };
}

describe.each(testProviders())('the printable meeting record on %s', (provider) => {
  const f = useBranchFixture(provider);

  beforeEach(async () => {
    const { db, seeded, activityId } = f;
    const m = seeded.members;
    await db.activity.update({ where: { id: activityId }, data: { kind: 'committee_meeting', title: '12月支委会', place: '三楼会议室', theme: '学习党的二十届四中全会精神' } });
    await db.checkIn.createMany({
      data: [
        { activityId, memberId: m['李四'] ?? 0, status: 'present', checkedInAt: shanghai('14:55') },
        { activityId, memberId: m['王五'] ?? 0, status: 'late', checkedInAt: shanghai('15:20') },
        { activityId, memberId: m['赵六'] ?? 0, status: 'leave', leaveReason: '出差', leaveDecision: 'approved' },
      ],
    });
  });

  it('/record <id> print sends the secretary a .docx with every field, the attendance model\'s names and reasons, CJK fonts and the amendment note', async () => {
    const chat = createTestChat(f.db, { now: shanghai('17:00') });
    await chat.say('张三', `/record ${f.activityId} topic=学习党章 host=@张三 recorder=@李四\n一、学习党章。\n二、讨论发展计划。\n三、决定：月底前谈心谈话。`);
    chat.setNow(shanghai('09:00', '2026-12-07'));
    await chat.say('李四', `/record ${f.activityId}\n一、学习党章。\n二、讨论发展计划。\n三、决定：12月20日前谈心谈话。`);
    // Renamed afterwards: the record keeps the name of its day.
    await f.db.organizationName.create({ data: { organizationId: f.seeded.branchId, name: '第一党支部', usedUntil: shanghai('10:00', '2026-12-07') } });
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { name: '综合科党支部' } });

    chat.setNow(shanghai('11:00', '2026-12-07'));
    const replies = await chat.say('张三', `/record ${f.activityId} print`);
    expect(chatText(replies)).toBe('会议记录打印版已私信发给你。');
    expect(privateText(replies, '张三')).toContain('「12月支委会」的会议记录，Word 文件，可直接打印归档。');
    const file = fileOf(replies);
    expect(file.name).toBe('第一党支部-会议记录-2026-12-04-支委会.docx');
    expect(file.record).toEqual({ branchId: f.seeded.branchId, activityId: f.activityId });

    const { text, styles } = await docxText(file.content);
    for (const expected of [
      '第一党支部会议记录', '支委会', '12月支委会', '2026年12月4日（周五）15:00', '三楼会议室', '主持人\n张三', '记录人\n李四',
      '主题\n学习党的二十届四中全会精神', '议题\n学习党章',
      '应到 3 人，实到 2 人，请假 1 人，缺席 1 人', '出席：李四、王五', '迟到：王五', '请假：赵六（出差）', '缺席：张三',
      '一、学习党章。', '二、讨论发展计划。', '三、决定：12月20日前谈心谈话。',
      '本记录于2026年12月7日（周一）09:00修改，共 2 版。',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('综合科党支部');
    expect(styles).toContain('w:eastAsia="宋体"');
    expect(await f.db.auditLog.findMany({ where: { action: 'meeting_record.print' }, select: { actor: true, entityId: true, detail: true } })).toEqual([
      { actor: 'console:local:张三', entityId: String(f.activityId), detail: { via: 'chat', file: '第一党支部-会议记录-2026-12-04-支委会.docx' } },
    ]);
  });

  it('without a record the theme stands as topic and content is left blank; the recorder may not print; a bad id is refused', async () => {
    const chat = createTestChat(f.db, { now: shanghai('17:00') });
    await chat.say('张三', `/record ${f.activityId} recorder=@李四`);
    const replies = await chat.say('张三', `/record ${f.activityId} 打印`);
    expect(privateText(replies, '张三')).toContain('还没有会议内容：打印版中会议内容一栏为空。');
    const { text } = await docxText(fileOf(replies).content);
    expect(text).toContain('议题\n学习党的二十届四中全会精神');
    // Check-in is open until the day ends: nobody is absent yet.
    expect(text).toContain('缺席：无\n尚未签到（签到进行中）：张三');
    expect(text).toContain('会议内容\n（尚未填写）');
    expect(text).not.toContain('本记录于');

    expect(chatText(await chat.say('李四', `/record ${f.activityId} print`))).toBe('只有本支部书记、组织委员或管理员可以打印会议记录（其中有缺席和请假理由）。');
    expect(chatText(await chat.say('张三', '/record 999 print'))).toContain('没有编号为 999 的活动');
    // Nothing was written as content by the word print.
    expect((await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId } })).content).toBe('');
    expect(await f.db.auditLog.count({ where: { action: 'meeting_record.print' } })).toBe(1);
  });
});
