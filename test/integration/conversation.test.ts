import { beforeEach, describe, expect, it } from 'vitest';
import { chatText, createTestChat, privateText, transcript } from '../support/chat.js';
import { addActivity, seedBranch, type SeededBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

// 2026-12-04 is a Friday; 15:00 in Shanghai is 07:00 UTC.
const PARTY_DAY_START = '2026-12-04T07:00:00.000Z';
const at = (shanghaiTime: string) => new Date(`2026-12-04T${shanghaiTime}:00+08:00`);

describe.each(testProviders())('conversation on %s', (provider) => {
  // One database per file; each test starts from empty tables.
  const t = useTestDatabase(provider);

  it('an admin sets a branch up from an empty database, and a member checks in', async () => {
    const chat = createTestChat(t().db, { now: at('14:00'), admins: ['console:管理员'] });

    expect(chatText(await chat.say('张三', '/bind 第一党支部'))).toBe('只有管理员可以使用 /bind。');
    expect(await t().db.organization.count()).toBe(0);

    expect(chatText(await chat.say('管理员', '/bind 第一党支部'))).toContain('本群已绑定到「第一党支部」（新建支部）');
    expect(chatText(await chat.say('管理员', '/member add @张三 @李四 joined=2010-07-01'))).toContain('已将 2 人加入「第一党支部」名册（正式党员，2010年7月1日入党）：张三、李四');
    const created = chatText(await chat.say('管理员', '/activity new kind=party_day at=2026-12-04 15:00 place=三楼会议室'));
    expect(created).toContain('12月4日主题党日');
    expect(created).toContain('签到：14:30 起至当天结束，15:15 后签到记为迟到。');

    const activity = await t().db.activity.findFirstOrThrow();
    expect(activity.startsAt.toISOString()).toBe(PARTY_DAY_START);
    expect(activity.checkInOpensAt.toISOString()).toBe('2026-12-04T06:30:00.000Z');

    chat.setNow(at('14:40'));
    expect(chatText(await chat.say('张三', '签到'))).toBe('张三签到成功：12月4日主题党日。');
    expect(chatText(await chat.say('张三', '签到'))).toBe('张三已签到（14:40），无需重复。');
    const checkIns = await t().db.checkIn.findMany({ include: { member: true } });
    expect(checkIns.map((c) => [c.member.name, c.status, c.via])).toEqual([['张三', 'present', 'text']]);

    const audit = await t().db.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['organization.create', 'chat.bind', 'member.add', 'member.add', 'activity.create']);
    expect(audit.every((a) => a.actor === 'console:local:管理员')).toBe(true);
  });

  describe('with a seeded branch', () => {
    let seeded: SeededBranch;
    beforeEach(async () => {
      seeded = await seedBranch(t().db);
      await addActivity(t().db, seeded.branchId, PARTY_DAY_START);
    });

    it('check-in opens 30 minutes before, is late after 15 minutes, and says when the next activity is', async () => {
      const chat = createTestChat(t().db, { now: at('14:29') });
      expect(chatText(await chat.say('李四', '签到'))).toBe('现在没有可以签到的活动。下一次：12月4日（周五）15:00 主题党日，14:30 开放签到。');
      expect(await t().db.checkIn.count()).toBe(0);

      chat.setNow(at('14:30'));
      expect(chatText(await chat.say('李四', '到'))).toBe('李四签到成功：主题党日。');
      chat.setNow(at('15:16'));
      expect(chatText(await chat.say('王五', '签到'))).toBe('王五签到成功（迟到，活动 15:00 开始）：主题党日。');
      chat.setNow(new Date('2026-12-05T00:00:01+08:00'));
      expect(chatText(await chat.say('赵六', '签到'))).toContain('现在没有可以签到的活动');

      const rows = await t().db.checkIn.findMany({ include: { member: true }, orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.member.name, r.status])).toEqual([['李四', 'present'], ['王五', 'late']]);
    });

    it('a plain group message that is not a command gets no answer and writes nothing', async () => {
      const chat = createTestChat(t().db, { now: at('15:00') });
      expect(await chat.say('李四', '今天几点开会？', { mentionedBot: false })).toEqual([]);
      expect(await chat.say('李四', '到了吗', { mentionedBot: false })).toEqual([]);
      expect(await t().db.inboundEvent.count()).toBe(0);
      expect(chatText(await chat.say('李四', '到', { mentionedBot: false }))).toBe('李四签到成功：主题党日。');
    });

    it('the same event delivered twice checks in once and answers once', async () => {
      const chat = createTestChat(t().db, { now: at('15:00') });
      const message = chat.message('李四', '签到', { eventId: 'om_same' });
      expect(chatText(await chat.handle(message))).toBe('李四签到成功：主题党日。');
      expect(await chat.handle(message)).toEqual([]);
      expect(await t().db.checkIn.count()).toBe(1);
    });

    it('two check-ins of one member at the same moment record one row', async () => {
      const chat = createTestChat(t().db, { now: at('15:00') });
      const answers = await Promise.all([chat.say('李四', '签到'), chat.say('李四', '签到')]);
      expect(answers.map(chatText).sort()).toEqual(['李四已签到（15:00），无需重复。', '李四签到成功：主题党日。'].sort());
      expect(await t().db.checkIn.count()).toBe(1);
    });

    it('a leave request reaches the secretary in private, the reason never reaches the group, and the decision reaches the member', async () => {
      const chat = createTestChat(t().db, { now: at('10:00') });
      const asked = await chat.say('李四', '请假 去医院复查');
      expect(chatText(asked)).toBe('李四的请假申请已提交：主题党日（12月4日周五 15:00）。等待书记审批，结果会私信告诉你。');
      expect(chatText(asked)).not.toContain('医院');
      expect(privateText(asked, '张三')).toContain('理由：去医院复查');
      expect(await t().db.checkIn.findFirst()).toMatchObject({ status: 'leave', leaveDecision: 'pending', leaveReason: '去医院复查' });

      expect(chatText(await chat.say('王五', '/leave approve @李四'))).toBe('只有本支部书记、组织委员或管理员可以使用 /leave approve。');
      expect(await t().db.checkIn.findFirst()).toMatchObject({ leaveDecision: 'pending' });

      const decided = await chat.say('张三', '/leave approve @李四');
      expect(chatText(decided)).toBe('已处理，详情已私信。');
      expect(privateText(decided, '李四')).toContain('你的请假已批准：主题党日');
      expect(await t().db.checkIn.findFirst()).toMatchObject({ leaveDecision: 'approved', decidedById: seeded.members['张三'] });
      expect(await t().db.auditLog.count({ where: { action: 'leave.approve' } })).toBe(1);

      chat.setNow(at('16:00'));
      const report = await chat.say('张三', '/attendance');
      expect(chatText(report)).toBe('考勤已私信发给你。');
      expect(privateText(report, '张三')).toContain('请假（已批准）：李四');
    });

    it('a rejected leave carries its reason to the member only', async () => {
      const chat = createTestChat(t().db, { now: at('10:00') });
      await chat.say('李四', '请假：出差');
      const decided = await chat.say('张三', '/leave reject @李四 本次为重要学习');
      expect(chatText(decided)).not.toContain('重要学习');
      expect(privateText(decided, '李四')).toContain('你的请假未获批准：主题党日（12月4日周五 15:00）。原因：本次为重要学习。请按时参加。');
      expect(await t().db.checkIn.findFirst()).toMatchObject({ leaveDecision: 'rejected' });
    });

    it('a member who asked for leave and came anyway is recorded as attending', async () => {
      const chat = createTestChat(t().db, { now: at('10:00') });
      await chat.say('李四', '请假 可能加班');
      chat.setNow(at('15:05'));
      expect(chatText(await chat.say('李四', '签到'))).toBe('李四签到成功：主题党日。');
      expect(await t().db.checkIn.findFirst()).toMatchObject({ status: 'present' });
      expect(chatText(await chat.say('李四', '请假 又有事'))).toContain('你已签到主题党日');
    });

    it('attendance lists everyone by name, in private, with the rate', async () => {
      const chat = createTestChat(t().db, { now: at('14:50') });
      await chat.say('张三', '签到');
      chat.setNow(at('15:20'));
      await chat.say('李四', '签到');
      chat.setNow(at('18:00'));
      const replies = await chat.say('张三', '/考勤');
      expect(transcript(replies)).toBe([
        '[chat] 考勤已私信发给你。',
        '[@张三] 【考勤 #' + String((await t().db.activity.findFirstOrThrow()).id) + ' 主题党日】',
        '12月4日（周五）15:00（签到进行中）',
        '应到 4 人，实到 2 人，出席率 50%',
        '出席：张三',
        '迟到：李四',
        '请假（已批准）：无',
        '尚未签到：王五、赵六',
      ].join('\n'));
    });

    it('members see the commands they may use; officers and admins see more', async () => {
      const chat = createTestChat(t().db, { now: at('10:00'), admins: ['console:管理员'] });
      const member = chatText(await chat.say('王五', '/help'));
      expect(member).toContain('签到（到、/checkin）');
      expect(member).not.toContain('/attendance');
      expect(member).not.toContain('/bind');
      const secretary = chatText(await chat.say('张三', '/help'));
      expect(secretary).toContain('/attendance');
      expect(secretary).not.toContain('/bind');
      expect(chatText(await chat.say('管理员', '/帮助'))).toContain('/bind');
      expect(chatText(await chat.say('王五', '/help member add'))).toContain('谁可以用：支部书记、组织委员或管理员');
    });

    it('/help tells the rules that move a fixed day: the admin every one, a member when dues reminders come', async () => {
      const chat = createTestChat(t().db, { now: at('10:00'), admins: ['console:管理员'] });
      const settings = chatText(await chat.say('管理员', '/help branch set'));
      expect(settings).toContain('next_workday 顺延到下一个工作日（默认），previous_workday 提前到上一个工作日，none 不调整；最多移动 7 天');
      expect(settings).toContain('党费日后第 3 天再私信提醒仍未缴的党员；从调整后的党费日起算，这一天遇休息日也按 dues_shift 调整');
      expect(settings).toContain('尚未导入节假日安排的年份：周末照常视为休息日');
      expect(chatText(await chat.say('王五', '/help 已缴'))).toContain('党费日后第 3 天仍未缴的再提醒一次；这两天遇周末或节假日都会调整到工作日');
    });

    it('a branch in another time zone schedules in its own wall-clock time', async () => {
      await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { timezone: 'Europe/Berlin' } } });
      const chat = createTestChat(t().db, { now: '2026-12-01T10:00:00Z' });
      expect(chatText(await chat.say('张三', '/activity new kind=assembly at=2026-12-10 15:00'))).toContain('时间：12月10日（周四）15:00');
      const activity = await t().db.activity.findFirstOrThrow({ where: { kind: 'branch_assembly' } });
      expect(activity.startsAt.toISOString()).toBe('2026-12-10T14:00:00.000Z');
      expect(activity.checkInClosesAt.toISOString()).toBe('2026-12-10T22:59:59.999Z');
    });

    const LONG = '签到'.repeat(10_000);
    const badInput: [string, string, { chat?: 'p2p'; chatId?: string }, string][] = [
      ['李四', '/frobnicate', {}, '没看懂「/frobnicate」。发送 /help 查看可用命令。'],
      ['张三', '/membr add @孙八', {}, '你是不是想用：/member add？'],
      ['张三', '/activity new kind=party_day at=2026-02-30 15:00', {}, '日期「2026-02-30」不是有效日期'],
      ['张三', '/activity new kind=party_day at=2026-12-04 25:00', {}, '时间「25:00」不是有效时间'],
      ['张三', '/activity new at=2026-12-04 15:00', {}, '请写明活动类型 kind=…'],
      ['张三', '/activity new kind=party_day', {}, '请写明时间 at=日期 时间'],
      ['张三', '/activity new kind=party_day at=2026-12-04 15:00 title=' + '长'.repeat(61), {}, '标题太长了（最多 60 个字）'],
      ['张三', '/member add', {}, '请 @ 要添加的人'],
      ['张三', '/member add @孙八 joined=2030-01-01', {}, '入党日期 2030-01-01 在今天之后'],
      ['张三', '/member add @孙八 status=boss', {}, '不认识身份「boss」'],
      ['张三', '/member add @孙八 foo=bar', {}, '不认识参数「foo=」。可用的参数：joined=、status='],
      ['张三', '/member add @李四', {}, '未添加：李四已在名册中'],
      ['张三', '/attendance abc', {}, '活动编号「abc」应是一个编号'],
      ['张三', '/attendance 999999', {}, '没有编号为 999999 的活动'],
      ['张三', LONG, {}, '消息太长（超过 2000 字）'],
      ['李四', '请假', {}, '请写上请假理由'],
      ['李四', '请假 ' + '忙'.repeat(201), {}, '请假理由太长了'],
      ['王五', '/member add @孙八', {}, '只有本支部书记、组织委员或管理员可以使用 /member add。'],
      ['王五', '/attendance', {}, '只有本支部书记、组织委员或管理员可以使用 /attendance。'],
      ['王五', '/bind 第二党支部', {}, '只有管理员可以使用 /bind。'],
      ['孙八', '签到', {}, '你还不在「第一党支部」的党员名册中'],
      ['孙八', '签到', { chat: 'p2p' }, '你还不在任何支部的名册中'],
      ['李四', '签到', { chatId: 'another-group' }, '本群还没有绑定支部。请管理员在群里发送：/bind 支部名称'],
      ['张三', '/leave approve @王五', {}, '王五没有待审批的请假申请。'],
      ['张三', '/leave approve @孙八', {}, '孙八不在「第一党支部」的名册中。'],
    ];
    it.each(badInput.map(([speaker, text, opts, expected]) => ({ speaker, text, opts, expected, shown: text.length > 60 ? `${text.slice(0, 20)}… (${text.length} chars)` : text })))('$speaker says "$shown": a clear answer, and no record changes', async ({ speaker, text, opts, expected }) => {
      const chat = createTestChat(t().db, { now: at('10:00') });
      const before = await rowCounts(t().db);
      const replies = await chat.say(speaker, text, opts);
      expect(replies).toHaveLength(1);
      expect(chatText(replies)).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });
});
