import { beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { seedOtherBranch } from '../support/seed.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const at = shanghai;

describe.each(testProviders())('dues on %s', (provider) => {
  const f = useBranchFixture(provider);
  beforeEach(async () => {
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-09' } } });
  });

  const records = async () => (await f.db.duesRecord.findMany({ include: { member: true }, orderBy: [{ memberId: 'asc' }, { month: 'asc' }] }))
    .map((r) => [r.member.name, r.month, r.amountPaidFen, r.status]);
  const buttonOf = (replies: Reply[], userId: string) => replies.find((r) => r.to.kind === 'user' && r.to.id === userId)?.message.buttons?.[0]?.action ?? {};

  describe('fixing the monthly amount', () => {
    it('/dues set fixes it for the year; the secretary and the member hear it in private', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const replies = await chat.say('张三', '/dues set @李四 amount=75.00');
      expect(chatText(replies)).toBe('已记录，详情已私信。');
      expect(privateText(replies, '张三')).toBe('【党费核定】\n已核定李四2026年每月党费 75.00 元。');
      expect(privateText(replies, '李四')).toBe('【党费核定】\n支部已核定你2026年每月党费 75.00 元。');
      expect(await f.db.member.findUniqueOrThrow({ where: { id: f.seeded.members['李四'] } })).toMatchObject({ duesMonthlyFen: 7500, duesYear: 2026 });
      expect((await f.db.auditLog.findMany()).map((a) => [a.action, a.detail])).toEqual([['dues.set', { member: '李四', monthlyFen: 7500, year: 2026, category: null }]]);
    });

    it('/dues assess computes from the base, keeps only the amount, and follows the branch rounding', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      expect(privateText(await chat.say('张三', '/dues assess @李四 base=8200 category=in_service'), '张三'))
        .toBe('【党费核定】\n已核定李四2026年每月党费 123.00 元（在职，按基数的 1.5% 计算；基数未保存）。');
      expect(privateText(await chat.say('张三', '/dues assess @王五 base=5000.01'), '张三')).toContain('每月党费 75.00 元');
      expect(privateText(await chat.say('张三', '/dues assess @赵六 base=5000 category=退休'), '张三')).toContain('每月党费 25.00 元（离退休，按基数的 0.5% 计算；基数未保存）');
      expect(privateText(await chat.say('张三', '/dues assess 张三 category=student'), '张三')).toContain('每月党费 0.20 元（学生，固定标准）');
      await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-09', duesRoundingUnit: 'yuan' } } });
      expect(privateText(await chat.say('张三', '/dues assess @李四 base=4321.50 category=in_service year=2027'), '张三')).toContain('已核定李四2027年每月党费 43.00 元');

      const members = await f.db.member.findMany({ orderBy: { id: 'asc' } });
      expect(members.map((m) => [m.name, m.duesCategory, m.duesMonthlyFen])).toEqual([['张三', 'student', 20], ['李四', 'in_service', 4300], ['王五', 'in_service', 7500], ['赵六', 'retired', 2500]]);
      // The base is nowhere: not in the audit, not in any row.
      const audit = JSON.stringify(await f.db.auditLog.findMany());
      for (const base of ['8200', '820000', '5000.01', '500001', '4321', '432150']) expect(audit).not.toContain(base);
    });

    it.each([
      ['/dues set @李四', '请写明每月金额 amount=…'],
      ['/dues set @李四 amount=abc', '金额「abc」不是有效金额'],
      ['/dues set @李四 amount=0.1', '每月党费最少 0.20 元。'],
      ['/dues set @李四 amount=1200', '每月超过 1000.00 元属于大额党费'],
      ['/dues set @李四 amount=75 year=2030', '只能核定2026年或2027年的党费。'],
      ['/dues set @孙八 amount=75', '孙八不在「第一党支部」的名册中。'],
      ['/dues assess @李四 category=in_service', '在职党员按基数计算，请写明 base=…（税后月工资收入，元）。'],
      ['/dues assess @李四 base=-8200', '基数应大于 0。'],
      ['/dues assess @李四 base=82000', '按这个基数每月党费超过 1000.00 元，请检查基数'],
      ['/dues assess @李四 base=8200 category=boss', '不认识类别「boss」'],
    ])('%s: refused in private, nothing changes', async (text, expected) => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const before = await rowCounts(f.db);
      const replies = await chat.say('张三', text);
      expect(chatText(replies)).toBe('未办理，原因已私信发给你。');
      expect(privateText(replies, '张三')).toContain(expected);
      expect(await rowCounts(f.db)).toEqual(before);
      expect(await f.db.member.count({ where: { duesMonthlyFen: { not: null } } })).toBe(0);
    });
  });

  describe('reporting a payment', () => {
    beforeEach(async () => {
      await f.db.member.update({ where: { id: f.seeded.members['李四'] }, data: { duesMonthlyFen: 7500, duesYear: 2026 } });
    });

    it('已缴 75 records this month for confirmation; the secretary gets a card that confirms it', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const paid = await chat.say('李四', '已缴 75');
      expect(chatText(paid)).toBe('已记录，详情已私信。');
      expect(privateText(paid, '李四')).toBe('【党费登记】\n已登记2026年12月党费 75.00 元，等待书记确认。');
      expect(privateText(paid, '张三')).toBe('【党费待确认】\n李四登记已缴2026年12月党费 75.00 元。\n也可发送：/dues confirm @李四\n[确认收到]');
      expect(await records()).toEqual([['李四', '2026-12', 7500, 'reported']]);
      expect(await f.db.auditLog.count()).toBe(0);

      expect(privateText(await chat.say('李四', '已缴75', { mentionedBot: false }), '李四')).toBe('你已登记2026年12月党费 75.00 元，等待书记确认，无需重复。');

      const confirmed = await chat.say('张三', '', { chat: 'p2p', action: buttonOf(paid, '张三') });
      expect(chatText(confirmed)).toBe('已确认李四2026年12月党费 75.00 元。');
      expect(privateText(confirmed, '李四')).toBe('【党费已确认】\n支部已确认收到你2026年12月党费 75.00 元。');
      expect(await f.db.duesRecord.findFirstOrThrow()).toMatchObject({ status: 'confirmed', confirmedById: f.seeded.members['张三'] });
      expect(await f.db.auditLog.count({ where: { action: 'dues.confirm' } })).toBe(1);

      const before = await rowCounts(f.db);
      expect(chatText(await chat.say('张三', '', { chat: 'p2p', action: buttonOf(paid, '张三') }))).toBe('李四的这笔党费已确认，无需重复。');
      expect(privateText(await chat.say('李四', '已缴 75'), '李四')).toBe('2026年12月的党费已由书记确认，无需再登记。如有出入请联系支部书记。');
      expect(await rowCounts(f.db)).toEqual(before);
    });

    it('quarterly and back payments: months=N takes the oldest unpaid months, a span names them, the sum is split', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      expect(privateText(await chat.say('李四', '/paid 225 months=3'), '李四')).toBe('【党费登记】\n已登记2026年9月—11月党费 225.00 元（3 个月），等待书记确认。');
      expect(privateText(await chat.say('李四', '已缴党费 80 month=2026-12'), '李四')).toBe('【党费登记】\n已登记2026年12月党费 80.00 元，等待书记确认。\n与核定的每月 75.00 元不同，已提醒书记核对。');
      expect(await records()).toEqual([['李四', '2026-09', 7500, 'reported'], ['李四', '2026-10', 7500, 'reported'], ['李四', '2026-11', 7500, 'reported'], ['李四', '2026-12', 8000, 'reported']]);
      const corrected = await chat.say('李四', '/paid 150 month=2026-11~2026-12');
      expect(privateText(corrected, '李四')).toContain('已登记2026年11月—12月党费 150.00 元（2 个月）（已更新此前的登记）');
      expect(privateText(corrected, '张三')).not.toContain('注意');
      expect((await records()).slice(2)).toEqual([['李四', '2026-11', 7500, 'reported'], ['李四', '2026-12', 7500, 'reported']]);

      const confirmed = await chat.say('张三', '/dues confirm @李四');
      expect(privateText(confirmed, '张三')).toBe('已确认李四2026年9月—12月党费 300.00 元。');
      expect(await f.db.duesRecord.count({ where: { status: 'confirmed' } })).toBe(4);
    });

    it('the dues reminder\'s button pays the fixed amount for its month', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const replies = await chat.say('李四', '', { chat: 'p2p', action: { command: '/paid', month: '2026-11' } });
      expect(chatText(replies)).toBe('【党费登记】\n已登记2026年11月党费 75.00 元，等待书记确认。');
      expect(await records()).toEqual([['李四', '2026-11', 7500, 'reported']]);
    });

    it('a payment the secretary received in person is recorded and confirmed at once', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      expect(privateText(await chat.say('张三', '/dues confirm @李四 month=2026-10'), '张三')).toBe('已登记并确认李四2026年10月党费 75.00 元。');
      expect(privateText(await chat.say('张三', '/dues confirm 赵六 month=2026-11 amount=20'), '张三')).toBe('已登记并确认赵六2026年11月党费 20.00 元。');
      expect(await records()).toEqual([['李四', '2026-10', 7500, 'confirmed'], ['赵六', '2026-11', 2000, 'confirmed']]);
      expect(await f.db.auditLog.count({ where: { action: 'dues.record' } })).toBe(2);
    });

    it('said in passing, a line after 已缴 that is not an amount gets no answer', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const before = await rowCounts(f.db);
      expect(await chat.say('王五', '已缴费了吗？', { mentionedBot: false })).toEqual([]);
      expect(await chat.say('王五', '已缴 的同志请举手', { mentionedBot: false })).toEqual([]);
      expect(await rowCounts(f.db)).toEqual(before);
    });

    describe('refusals change nothing and stay private', () => {
      beforeEach(async () => {
        await seedOtherBranch(f.db, f.seeded.committeeId, { isSecretary: true });
      });

      it.each([
        ['李四', '已缴 -5', '金额应大于 0。'],
        ['李四', '已缴 0', '金额应大于 0。'],
        ['李四', '已缴 5000', '每月超过 1000.00 元属于大额党费，不在这里登记。'],
        ['李四', '已缴 99999999', '每月超过 1000.00 元属于大额党费'],
        ['李四', '已缴 0.05', '金额太小：每月党费最少 0.20 元。'],
        ['李四', '已缴 三百五', '金额「三百五」看不懂'],
        ['李四', '已缴 75.123', '金额「75.123」看不懂'],
        ['李四', '/paid 75 month=2026-13', '月份「2026-13」不是有效月份，请写成 YYYY-MM'],
        ['李四', '/paid 75 month=2027-01', '2027年1月还没到。预缴最多到本季度末（2026年12月）。'],
        ['李四', '/paid 75 month=2026-05', '2026年9月起才需缴纳党费'],
        ['李四', '/paid 75 months=0', '月数 months= 应是 1 到 12 之间的整数。'],
        ['李四', '/paid 75 months=abc', '月数「abc」应是一个整数'],
        ['李四', '/paid 750 months=10', '只有 4 个月未缴，不能登记 10 个月。'],
        ['李四', '/paid 75 foo=1', '不认识参数「foo=」'],
        ['王五', '已缴', '还没有核定每月党费金额，请写上缴纳的金额。'],
        ['王五', '/dues confirm @李四', 'NOT_SECRETARY'],
        ['张三', '/dues confirm @李四', '李四没有待确认的党费登记。'],
        ['张三', '/dues confirm @李四 amount=75', '写了金额请同时写月份 month=YYYY-MM。'],
        ['张三', '/dues confirm @李四 month=2027-02', '2027年2月还没到'],
      ])('%s says "%s"', async (speaker, text, expected) => {
        const chat = createTestChat(f.db, { now: at('10:00') });
        const before = await rowCounts(f.db);
        const replies = await chat.say(speaker, text);
        if (expected === 'NOT_SECRETARY') {
          expect(chatText(replies)).toBe('只有本支部书记、组织委员或管理员可以使用 /dues confirm。');
        } else {
          expect(chatText(replies)).toBe('未办理，原因已私信发给你。');
          expect(privateText(replies, speaker)).toContain(expected);
        }
        expect(await rowCounts(f.db)).toEqual(before);
      });

      it('months more than six back are refused', async () => {
        await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-01' } } });
        const chat = createTestChat(f.db, { now: at('10:00') });
        const before = await rowCounts(f.db);
        expect(privateText(await chat.say('李四', '/paid 75 month=2026-05'), '李四')).toBe('补缴最多往前 6 个月（最早2026年6月）。更早的月份请联系支部书记。');
        expect(await rowCounts(f.db)).toEqual(before);
      });

      it('buttons pressed by the wrong people change nothing', async () => {
        const chat = createTestChat(f.db, { now: at('10:00') });
        const paid = await chat.say('李四', '已缴 75');
        const confirm = buttonOf(paid, '张三');
        const before = await rowCounts(f.db);
        expect(chatText(await chat.say('王五', '', { chat: 'p2p', action: confirm }))).toBe('只有本支部书记、组织委员或管理员可以使用 /dues confirm。');
        expect(chatText(await chat.say('孙八', '', { chat: 'p2p', action: confirm }))).toBe('这些党费登记属于其他支部，不能在「第二党支部」确认。');
        expect(chatText(await chat.say('孙八', '', { action: { command: '/paid', month: '2026-12' } }))).toContain('你还不在「第一党支部」的党员名册中');
        expect(chatText(await chat.say('王五', '', { chat: 'p2p', action: { command: '/paid', month: '2026-12', memberId: String(f.seeded.members['李四']) } }))).toBe('这张党费卡片是发给别人的，不能替别人登记。');
        expect(await rowCounts(f.db)).toEqual(before);
        expect(await f.db.duesRecord.findFirstOrThrow()).toMatchObject({ status: 'reported' });
      });
    });
  });

  describe('the secretary\'s report and arrears', () => {
    beforeEach(async () => {
      for (const [name, fen] of [['张三', 10000], ['李四', 7500], ['王五', 5000]] as const) {
        await f.db.member.update({ where: { id: f.seeded.members[name] }, data: { duesMonthlyFen: fen, duesYear: 2026 } });
      }
      await f.db.member.update({ where: { id: f.seeded.members['赵六'] }, data: { exempt: true } });
      const chat = createTestChat(f.db, { now: at('10:00') });
      await chat.say('张三', '/dues confirm @张三 month=2026-12');
      await chat.say('李四', '/paid 300 months=4');
      await chat.say('王五', '/paid 50 month=2026-09');
    });

    it('paid, pending and unpaid by name, with totals and months in a row unpaid, in private', async () => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const report = await chat.say('张三', '/dues report');
      expect(chatText(report)).toBe('党费报表已私信发给你。');
      expect(privateText(report, '张三')).toBe([
        '【「第一党支部」2026年12月党费】',
        '应缴 4 人，合计 225.00 元（1 人未核定金额）',
        '已确认 1 人 100.00 元；待确认 1 人 75.00 元；未缴 2 人',
        '未缴：王五（连续 3 个月）、赵六（连续 4 个月）（免督促）',
        '姓名  每月    本月已缴  状态    连续未缴',
        '张三  100.00  100.00    已确认  —',
        '李四  75.00   75.00     待确认  —',
        '王五  50.00   —         未缴    3 个月',
        '赵六  未核定  —         未缴    4 个月',
        '[全部确认（1 笔）]',
      ].join('\n'));
      const november = privateText(await chat.say('张三', '/dues report month=2026-11'), '张三');
      expect(november).toContain('未缴：张三（连续 3 个月）、王五（连续 2 个月）、赵六（连续 3 个月）（免督促）');
    });

    it('arrears run across the year boundary; /me lists the months unpaid', async () => {
      const chat = createTestChat(f.db, { now: at('10:00', '2027-02-10') });
      expect(privateText(await chat.say('张三', '/dues report'), '张三')).toContain('未缴：张三（连续 2 个月）、李四（连续 2 个月）、王五（连续 5 个月）、赵六（连续 6 个月）（免督促）');
      const me = privateText(await chat.say('王五', '/me'), '王五');
      expect(me).toContain('2027年应缴 2 个月 100.00 元，已缴 0 个月 0.00 元');
      expect(me).toContain('未缴：2026年10月—2027年2月，共 5 个月');
    });

    it.each([
      ['/dues report month=2026-13', '月份「2026-13」不是有效月份'],
      ['/dues report month=2027-01', '2027年1月还没到。'],
      ['/dues report month=2026-08', '本支部从2026年9月起在这里登记党费，更早的月份没有记录。'],
    ])('%s is refused', async (text, expected) => {
      const chat = createTestChat(f.db, { now: at('10:00') });
      const before = await rowCounts(f.db);
      expect(privateText(await chat.say('张三', text), '张三')).toContain(expected);
      expect(await rowCounts(f.db)).toEqual(before);
    });

    it('without a setting, tracking starts in the month the branch was created', async () => {
      await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: {}, createdAt: new Date('2026-10-31T17:00:00Z') } });
      const chat = createTestChat(f.db, { now: at('10:00') });
      expect(privateText(await chat.say('赵六', '/me'), '赵六')).toContain('未缴：2026年11月—12月，共 2 个月');
    });
  });
});
