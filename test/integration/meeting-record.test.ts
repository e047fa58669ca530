import { describe, expect, it } from 'vitest';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const CONTENT = ['一、传达学习上级会议精神。', '二、讨论本季度发展党员计划，经费=500元。', '三、决定：12月底前完成谈心谈话。'];

describe.each(testProviders())('/record on %s', (provider) => {
  const f = useBranchFixture(provider);

  it('the secretary records topic, host, recorder and content; attendance comes from the check-ins', async () => {
    const chat = createTestChat(f.db, { now: shanghai('14:50') });
    await chat.say('李四', '签到');
    await chat.say('王五', '请假 出差');
    chat.setNow(shanghai('17:00'));
    const replies = await chat.say('张三', `/record ${f.activityId} topic="学习 党章" host=@张三 recorder=@李四\n${CONTENT.join('\n')}`);
    expect(chatText(replies)).toBe(`已保存活动 #${f.activityId}「主题党日」的会议记录（第 1 版，议题、主持人、记录人、会议内容）。`);
    expect(privateText(replies, '李四')).toContain(`你被指定为活动 #${f.activityId}「主题党日」`);
    const record = await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId } });
    expect(record).toMatchObject({
      topic: '学习 党章', hostMemberId: f.seeded.members['张三'], recorderMemberId: f.seeded.members['李四'], content: CONTENT.join('\n'),
      createdBy: 'console:local:张三', createdAt: shanghai('17:00'), editedAt: null, version: 1,
    });
    expect(await f.db.meetingRecordRevision.count({ where: { recordId: record.id } })).toBe(1);
    expect(await f.db.auditLog.findFirstOrThrow({ where: { action: 'meeting_record.create' } })).toMatchObject({ actor: 'console:local:张三', entityId: String(record.id) });

    chat.setNow(shanghai('09:00', '2026-12-05'));
    const view = privateText(await chat.say('张三', `/记录 ${f.activityId}`), '张三');
    expect(view).toContain('议题：学习 党章');
    expect(view).toContain('主持人：张三 记录人：李四');
    expect(view).toContain('实到：李四');
    expect(view).toContain('请假：无\n请假（待审批）：王五');
    expect(view).toContain('缺席：张三、赵六');
    expect(view).toContain(CONTENT.join('\n'));
    expect(view).toContain('第1版（12月4日周五 17:00）张三：创建');
  });

  it('an edit keeps every version, sets the edited mark and writes the audit log', async () => {
    const chat = createTestChat(f.db, { now: shanghai('17:00') });
    await chat.say('张三', `/record ${f.activityId} topic=学习党章\n${CONTENT.join('\n')}`);
    chat.setNow(shanghai('10:00', '2026-12-07'));
    const replies = await chat.say('张三', `/record ${f.activityId}\n${CONTENT[0]}\n二、讨论本季度发展党员计划。`);
    expect(chatText(replies)).toBe([
      `已保存活动 #${f.activityId}「主题党日」的会议记录（第 2 版，会议内容）。`,
      '这是对已有记录的修改：每一版都保留，台账中标注「记录后修改」。',
    ].join('\n'));
    const record = await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId }, include: { revisions: { orderBy: { version: 'asc' } } } });
    expect(record).toMatchObject({ version: 2, topic: '学习党章', editedBy: 'console:local:张三', editedAt: shanghai('10:00', '2026-12-07') });
    expect(record.revisions.map((r) => r.content)).toEqual([CONTENT.join('\n'), `${CONTENT[0]}\n二、讨论本季度发展党员计划。`]);
    const audit = await f.db.auditLog.findFirstOrThrow({ where: { action: 'meeting_record.update' } });
    expect(audit.detail).toEqual({ activityId: f.activityId, version: 2, changed: ['content'], isAmendment: true });
    const view = chatText(await chat.say('张三', `/record ${f.activityId}`, { chat: 'p2p' }));
    expect(view).toContain('第2版（12月7日周一 10:00）张三：会议内容');

    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('张三', `/record ${f.activityId} topic=学习党章`))).toBe(`活动 #${f.activityId} 的会议记录没有变化，未保存新版本。`);
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('the recorder named in advance writes the record; other members may not, nor change the recorder', async () => {
    const chat = createTestChat(f.db, { now: shanghai('09:00') });
    expect(chatText(await chat.say('张三', `/record ${f.activityId} recorder=@李四`))).toBe([
      `已保存活动 #${f.activityId}「主题党日」的会议记录（第 1 版，记录人）。`,
      `还没有会议内容：会后请发送 /record ${f.activityId} 并在后面写上会议内容。`,
    ].join('\n'));
    expect(chatText(await chat.say('李四', `/record ${f.activityId}\n提前写的内容`))).toContain('还没开始');
    chat.setNow(shanghai('17:00'));
    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('王五', `/record ${f.activityId}\n${CONTENT[0]}`))).toBe('只有本支部书记、组织委员、管理员或这次活动的记录人可以填写和查看会议记录。');
    expect(chatText(await chat.say('李四', `/record ${f.activityId} recorder=@王五`))).toBe('只有本支部书记、组织委员或管理员可以指定记录人。');
    expect(await rowCounts(f.db)).toEqual(before);
    expect(chatText(await chat.say('李四', `/record ${f.activityId} host=@张三\n${CONTENT.join('\n')}`))).toContain('第 2 版，主持人、会议内容');
    // Filling in a record named in advance is not an amendment.
    expect(await f.db.meetingRecord.findUniqueOrThrow({ where: { activityId: f.activityId } })).toMatchObject({ editedAt: null, version: 2, content: CONTENT.join('\n') });
  });

  it('bad input gets a clear Chinese answer and writes nothing', async () => {
    const chat = createTestChat(f.db, { now: shanghai('17:00') });
    await f.db.member.create({ data: { name: '外人', branchId: (await f.db.organization.create({ data: { name: '别的支部', kind: 'branch' } })).id } });
    const before = await rowCounts(f.db);
    const cases: [string, string][] = [
      ['/record', '请写上活动编号，例如 /record 12。用 /activity list 查看编号。'],
      ['/record abc 内容', '活动编号「abc」应是一个编号，例如 12。'],
      ['/record 99999 内容', '「第一党支部」没有编号为 99999 的活动。用 /activity list 查看编号。'],
      [`/record ${f.activityId} place=礼堂 内容`, '不认识参数「place=」。'],
      [`/record ${f.activityId} host=@外人 内容`, '「第一党支部」名册中没有「外人」。'],
      [`/record ${f.activityId} topic= 内容`, '议题不能为空。'],
      [`/record ${f.activityId} topic=${'长'.repeat(101)}`, '议题太长了（最多 100 个字）。'],
    ];
    for (const [line, expected] of cases) expect(chatText(await chat.say('张三', line)), line).toContain(expected);
    await f.db.activity.update({ where: { id: f.activityId }, data: { status: 'cancelled' } });
    expect(chatText(await chat.say('张三', `/record ${f.activityId} 内容`))).toBe(`活动 #${f.activityId} 已取消，不能填写会议记录。`);
    expect(await rowCounts(f.db)).toEqual(before);
  });
});
