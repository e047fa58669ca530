import { beforeEach, describe, expect, it } from 'vitest';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { seedOtherBranch } from '../support/seed.js';
import { rowCounts, testProviders } from '../support/test-database.js';

// 2026-12-04 is a Friday; the party day starts at 15:00 in Shanghai.
const at = shanghai;

describe.each(testProviders())('check-in on %s', (provider) => {
  const f = useBranchFixture(provider);

  const card = () => ({ command: '签到', activityId: String(f.activityId) });
  const rows = async () => (await f.db.checkIn.findMany({ include: { member: true }, orderBy: { id: 'asc' } })).map((r) => [r.member.name, r.status, r.via]);

  it('typed, by card button and by a secretary: one row per member, each saying how it came', async () => {
    const chat = createTestChat(f.db, { now: at('14:50') });
    expect(chatText(await chat.say('李四', '签到', { action: card() }))).toBe('李四签到成功：主题党日。');
    expect(chatText(await chat.say('李四', '签到'))).toBe('李四已签到（14:50），无需重复。');
    expect(chatText(await chat.say('李四', '签到', { action: card() }))).toBe('李四已签到（14:50），无需重复。');
    chat.setNow(at('15:20'));
    expect(chatText(await chat.say('王五', '到'))).toBe('王五签到成功（迟到，活动 15:00 开始）：主题党日。');
    const proxy = await chat.say('张三', '/checkin @赵六');
    expect(chatText(proxy)).toBe('已为赵六代签到（迟到）：主题党日（12月4日周五 15:00）。');
    expect(privateText(proxy, '赵六')).toBe('【签到记录】\n张三已为你代签到（迟到）：主题党日（12月4日周五 15:00）。');
    expect(await rows()).toEqual([['李四', 'present', 'card'], ['王五', 'late', 'text'], ['赵六', 'late', 'proxy']]);
    const audit = await f.db.auditLog.findMany();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['checkin.proxy', 'console:local:张三']]);
  });

  it('a secretary records a member without an account by name, and checks in afterwards (补签) by activity number', async () => {
    const chat = createTestChat(f.db, { now: at('14:50') });
    await chat.say('张三', '/member add 孙八');
    expect(chatText(await chat.say('张三', '/checkin 孙八'))).toBe('已为孙八代签到：主题党日（12月4日周五 15:00）。');

    chat.setNow(at('09:00', '2026-12-05'));
    expect(chatText(await chat.say('王五', '签到', { action: card() }))).toBe('「主题党日」的签到已经结束。如需补签，请联系支部书记。');
    expect(chatText(await chat.say('张三', `/checkin @王五 activity=${f.activityId}`))).toBe('已为王五补签：主题党日（12月4日周五 15:00）。');
    expect(chatText(await chat.say('张三', `/checkin @王五 activity=${f.activityId}`))).toBe('王五已签到（09:00），无需重复。');
    expect(await rows()).toEqual([['孙八', 'present', 'proxy'], ['王五', 'present', 'proxy']]);
    expect(await f.db.auditLog.count({ where: { action: 'checkin.proxy' } })).toBe(2);
  });

  it('签到 said in passing is always the speaker\'s own, whatever follows it', async () => {
    const chat = createTestChat(f.db, { now: at('14:50') });
    expect(chatText(await chat.say('王五', '签到 赵六', { mentionedBot: false }))).toBe('王五签到成功：主题党日。');
    expect(await rows()).toEqual([['王五', 'present', 'text']]);
  });

  describe('buttons that are not the presser\'s change nothing and say why', () => {
    beforeEach(async () => {
      await seedOtherBranch(f.db, f.seeded.committeeId);
    });

    const personal = () => ({ ...card(), memberId: String(f.seeded.members['李四']) });
    it.each([
      ['王五', 'someone else\'s personal card', '签到', { chat: 'p2p' as const }, personal, '这张签到卡片是发给别人的，不能替别人签到。'],
      ['孙八', 'another branch\'s card, in private', '签到', { chat: 'p2p' as const }, card, '这个签到按钮属于其他支部的活动，不能在「第二党支部」签到。'],
      ['孙八', 'another branch\'s card, in its group', '签到', {}, card, '你还不在「第一党支部」的党员名册中'],
      ['孙八', 'another branch\'s card, in the own group', '签到', { chatId: 'group-2' }, card, '这个签到按钮属于其他支部的活动'],
      ['王五', 'no card but checks someone in', '/checkin @李四', {}, undefined, '只有本支部书记、组织委员或管理员可以代他人签到。'],
    ])('%s: %s', async (speaker, _what, text, opts, action, expected) => {
      const chat = createTestChat(f.db, { now: at('14:50') });
      const before = await rowCounts(f.db);
      const replies = await chat.say(speaker, text, { ...opts, ...(action ? { action: action() } : {}) });
      expect(replies).toHaveLength(1);
      expect(chatText(replies)).toContain(expected);
      expect(await rowCounts(f.db)).toEqual(before);
    });
  });

  it('a cancelled or unknown activity on a button is refused', async () => {
    const chat = createTestChat(f.db, { now: at('14:50') });
    await f.db.activity.update({ where: { id: f.activityId }, data: { status: 'cancelled' } });
    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('李四', '签到', { action: card() }))).toBe('「主题党日」已取消，无需签到。');
    expect(chatText(await chat.say('李四', '签到', { action: { command: '签到', activityId: '999999' } }))).toBe('「第一党支部」没有编号为 999999 的活动。用 /activity list 查看编号。');
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('who and where are read as they are now, never remembered: a binding or a membership ended elsewhere counts at the next click', async () => {
    const chat = createTestChat(f.db, { now: at('14:50') });
    // Ended by another instance on the same PostgreSQL, or by /unbind: the next check-in in the chat is refused.
    const binding = await f.db.chatBinding.findFirstOrThrow();
    await f.db.chatBinding.delete({ where: { id: binding.id } });
    expect(chatText(await chat.say('李四', '签到', { action: card() }))).toBe('本群还没有绑定支部。请管理员在群里发送：/bind 支部名称');
    const { id: _id, ...rebound } = binding;
    await f.db.chatBinding.create({ data: rebound });
    const wang = await f.db.member.findFirstOrThrow({ where: { name: '王五' } });
    await f.db.member.update({ where: { id: wang.id }, data: { leftAt: at('14:00') } });
    expect(chatText(await chat.say('王五', '签到', { action: card() }))).toBe('你还不在「第一党支部」的党员名册中。请联系支部书记用 /member add 添加你。');
    expect(chatText(await chat.say('李四', '签到', { action: card() }))).toBe('李四签到成功：主题党日。');
    expect(await rows()).toEqual([['李四', 'present', 'card']]);
  });
});
