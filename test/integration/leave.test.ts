import { beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { addActivity, seedOtherBranch } from '../support/seed.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const at = shanghai;

describe.each(testProviders())('leave on %s', (provider) => {
  const f = useBranchFixture(provider);

  /** The buttons of the card the secretary received. */
  const buttonsFor = (replies: Reply[], userId: string) => replies.find((r) => r.to.kind === 'user' && r.to.id === userId)?.message.buttons ?? [];

  it('the secretary gets a card whose buttons decide the request; the member hears the decision in private', async () => {
    const chat = createTestChat(f.db, { now: at('10:00') });
    const asked = await chat.say('李四', '请假 去医院复查');
    const request = await f.db.checkIn.findFirstOrThrow();
    expect(buttonsFor(asked, '张三')).toEqual([
      { label: '批准', action: { command: '/leave approve', checkInId: String(request.id) }, style: 'primary' },
      { label: '不批准', action: { command: '/leave reject', checkInId: String(request.id) }, style: 'danger' },
    ]);
    const [approve] = buttonsFor(asked, '张三');

    const decided = await chat.say('张三', '', { chat: 'p2p', action: approve?.action ?? {} });
    expect(chatText(decided)).toBe('已批准李四的请假：主题党日（12月4日周五 15:00）。');
    expect(privateText(decided, '李四')).toBe('【请假审批结果】\n你的请假已批准：主题党日（12月4日周五 15:00）。');
    expect(await f.db.checkIn.findFirstOrThrow()).toMatchObject({ status: 'leave', leaveDecision: 'approved', decidedById: f.seeded.members['张三'] });
    expect(await f.db.auditLog.count({ where: { action: 'leave.approve', entityId: String(request.id) } })).toBe(1);

    const before = await rowCounts(f.db);
    expect(chatText(await chat.say('张三', '', { chat: 'p2p', action: approve?.action ?? {} }))).toBe('李四的这条请假申请已批准，无需重复处理。');
    expect(await rowCounts(f.db)).toEqual(before);

    chat.setNow(at('18:00'));
    const report = await chat.say('张三', '/attendance', { chat: 'p2p' });
    expect(chatText(report)).toContain('请假（已批准）：李四');
    expect(chatText(report)).toContain('应到 3 人');
  });

  it('the reject button declines without a reason; the member is asked to attend', async () => {
    const chat = createTestChat(f.db, { now: at('10:00') });
    const [, reject] = buttonsFor(await chat.say('李四', '请假 家里有事'), '张三');
    const decided = await chat.say('张三', '', { chat: 'p2p', action: reject?.action ?? {} });
    expect(privateText(decided, '李四')).toBe('【请假审批结果】\n你的请假未获批准：主题党日（12月4日周五 15:00）。请按时参加。');
    expect(await f.db.checkIn.findFirstOrThrow()).toMatchObject({ leaveDecision: 'rejected' });
  });

  it('leave for a named activity, when more than one is coming', async () => {
    const later = await addActivity(f.db, f.seeded.branchId, '2026-12-18T01:30:00.000Z', 'Asia/Shanghai', '支部党员大会');
    const chat = createTestChat(f.db, { now: at('10:00') });
    expect(chatText(await chat.say('李四', `请假 外出学习 activity=${later.id}`))).toBe('李四的请假申请已提交：支部党员大会（12月18日周五 09:30）。等待书记审批，结果会私信告诉你。');
    expect(await f.db.checkIn.findFirstOrThrow()).toMatchObject({ activityId: later.id, leaveReason: '外出学习' });
  });

  describe('refusals change nothing', () => {
    beforeEach(async () => {
      await seedOtherBranch(f.db, f.seeded.committeeId, { isSecretary: true });
      const chat = createTestChat(f.db, { now: at('10:00') });
      await chat.say('李四', '请假 去医院复查');
    });
    const approveAction = async () => ({ command: '/leave approve', checkInId: String((await f.db.checkIn.findFirstOrThrow()).id) });

    it.each([
      ['王五', 'a member presses the approve button', 'button', at('10:05'), '只有本支部书记、组织委员或管理员可以使用 /leave approve。'],
      ['王五', 'a member approves by command', '/leave approve @李四', at('10:05'), '只有本支部书记、组织委员或管理员可以使用 /leave approve。'],
      ['孙八', 'another branch\'s secretary presses the button', 'button', at('10:05'), '这条请假申请属于其他支部，不能在「第二党支部」处理。'],
      ['张三', 'approval without naming anyone', '/leave approve', at('10:05'), '请 @ 提出请假的成员。'],
      ['李四', 'leave for an activity that ended', 'activity', at('09:00', '2026-12-05'), '「主题党日」（12月4日周五 15:00）已经结束，不能再请假。如需说明缺席原因，请联系支部书记。'],
      ['王五', 'leave after the last activity, with none coming', '请假 昨天发烧', at('09:00', '2026-12-05'), '近期没有安排活动。上次活动「主题党日」（12月4日周五 15:00）已经结束，不能再请假。'],
      ['王五', 'leave for an unknown activity', '请假 出差 activity=999999', at('10:05'), '「第一党支部」没有编号为 999999 的活动。'],
    ])('%s: %s', async (speaker, _what, text, now, expected) => {
      const chat = createTestChat(f.db, { now });
      const before = await rowCounts(f.db);
      const replies = text === 'button'
        ? await chat.say(speaker, '', { chat: 'p2p', action: await approveAction() })
        : await chat.say(speaker, text === 'activity' ? `请假 生病 activity=${f.activityId}` : text);
      expect(replies).toHaveLength(1);
      expect(chatText(replies)).toContain(expected);
      expect(await rowCounts(f.db)).toEqual(before);
      expect(await f.db.checkIn.findFirstOrThrow()).toMatchObject({ leaveDecision: 'pending' });
    });
  });
});
