import { describe, expect, it } from 'vitest';
import { chatText, createTestChat, privateText, transcript } from '../support/chat.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { rowCounts, testProviders } from '../support/test-database.js';

describe.each(testProviders())('/activity cancel on %s', (provider) => {
  const f = useBranchFixture(provider);

  it('an activity nobody has answered is cancelled at once', async () => {
    const reply = chatText(await createTestChat(f.db, { now: shanghai('10:00') }).say('张三', `/activity cancel ${f.activityId}`));
    expect(reply).toBe(`已取消原定12月4日（周五）15:00的「主题党日」（活动 #${f.activityId}）。`);
    expect((await f.db.activity.findUniqueOrThrow({ where: { id: f.activityId } })).status).toBe('cancelled');
  });

  it('with check-ins and leave requests, previews the counts in private and writes nothing', async () => {
    const chat = createTestChat(f.db, { now: shanghai('14:40') });
    await chat.say('李四', '签到');
    await chat.say('王五', '请假 出差');
    const before = await rowCounts(f.db);
    const replies = await chat.say('张三', `/activity cancel ${f.activityId}`);
    expect(chatText(replies)).toBe('请在私信中确认。');
    expect(privateText(replies, '张三')).toBe([
      `【取消活动 #${f.activityId}】`,
      '「主题党日」（12月4日周五 15:00）已有 1 人签到、1 人请假。',
      '取消后：这些签到和请假记录保留但不再计入考勤，还没发出的提醒不再发送，本支部的群会收到取消通知。',
      '',
      `以上是预览，尚未执行。确认请点「确认执行」，或在原群里发送：/activity cancel ${f.activityId} confirm=yes`,
      '[确认执行]',
    ].join('\n'));
    expect(await rowCounts(f.db)).toEqual(before);
    expect((await f.db.activity.findUniqueOrThrow({ where: { id: f.activityId } })).status).toBe('scheduled');
  });

  it('the preview button cancels, once, with an audit row; the records of who answered stay', async () => {
    const chat = createTestChat(f.db, { now: shanghai('14:40') });
    await chat.say('李四', '签到');
    const preview = await chat.say('张三', `/取消活动 ${f.activityId}`);
    const action = preview.find((r) => r.to.kind === 'user')?.message.buttons?.[0]?.action;
    expect(action).toEqual({ command: `/取消活动 ${f.activityId} confirm=yes`, branchId: String(f.seeded.branchId) });
    const done = await chat.say('张三', '', { chat: 'p2p', action: action ?? {} });
    expect(transcript(done)).toBe([
      `[chat] 已取消原定12月4日（周五）15:00的「主题党日」（活动 #${f.activityId}）。`,
      '[chat] 原定12月4日（周五）15:00的「主题党日」取消。',
    ].join('\n'));
    expect(done.map((r) => r.to.id)).toEqual(['p2p:张三', 'console-group']);
    expect((await f.db.activity.findUniqueOrThrow({ where: { id: f.activityId } })).status).toBe('cancelled');
    expect(await f.db.checkIn.count({ where: { activityId: f.activityId } })).toBe(1);
    expect(await f.db.auditLog.findFirstOrThrow({ where: { action: 'activity.cancel' } })).toMatchObject({ actor: 'console:local:张三', entityId: String(f.activityId) });
    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('张三', '', { chat: 'p2p', action: action ?? {} }))).toBe(`活动 #${f.activityId} 已经取消了。`);
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('typing confirm=yes cancels; members and bad confirmations are refused without writing', async () => {
    const chat = createTestChat(f.db, { now: shanghai('14:40') });
    await chat.say('王五', '请假 出差');
    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('李四', `/activity cancel ${f.activityId} confirm=yes`))).toBe('只有本支部书记、组织委员或管理员可以使用 /activity cancel。');
    expect(chatText(await chat.say('张三', `/activity cancel ${f.activityId} confirm=no`))).toBe('请在私信中确认。');
    expect(chatText(await chat.say('张三', `/activity cancel ${f.activityId} sure=yes`))).toBe('不认识参数「sure=」。可用的参数：confirm=\n用法：/activity cancel <活动编号> [confirm=yes]');
    expect(await rowCounts(f.db)).toEqual(before);
    expect(chatText(await chat.say('张三', `/activity cancel ${f.activityId} 确认=是`))).toContain(`（活动 #${f.activityId}）`);
    expect((await f.db.activity.findUniqueOrThrow({ where: { id: f.activityId } })).status).toBe('cancelled');
  });
});
