import { describe, expect, it } from 'vitest';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { addActivity } from '../support/seed.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const at = shanghai;

describe.each(testProviders())('my records and member details on %s', (provider) => {
  const f = useBranchFixture(provider);

  /** Three activities before the party day: 李四 came to one, was excused from one, missed one. */
  async function historyOfLiSi() {
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-01' } } });
    const lisi = f.seeded.members['李四'] ?? 0;
    const [came, excused] = [await addActivity(f.db, f.seeded.branchId, '2026-09-04T07:00:00Z'), await addActivity(f.db, f.seeded.branchId, '2026-10-09T07:00:00Z')];
    await addActivity(f.db, f.seeded.branchId, '2026-11-06T07:00:00Z');
    await addActivity(f.db, f.seeded.branchId, '2025-12-05T07:00:00Z');
    await f.db.checkIn.create({ data: { memberId: lisi, activityId: came.id, status: 'late', via: 'text', checkedInAt: came.lateAfter } });
    await f.db.checkIn.create({ data: { memberId: lisi, activityId: excused.id, status: 'leave', leaveReason: '出差', leaveDecision: 'approved' } });
    await f.db.member.update({ where: { id: lisi }, data: { duesMonthlyFen: 7500, duesYear: 2026, convertedAt: '2016-07-10' } });
    for (const month of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']) {
      await f.db.duesRecord.create({ data: { memberId: lisi, month, amountDueFen: 7500, amountPaidFen: 7500, status: month === '2026-10' ? 'reported' : 'confirmed' } });
    }
  }

  it('a full member: attendance this year, dues paid and due, political birthday and party standing — in private', async () => {
    await historyOfLiSi();
    const chat = createTestChat(f.db, { now: at('16:00') });
    await chat.say('李四', '签到');
    const replies = await chat.say('李四', '/me');
    expect(chatText(replies)).toBe('你的记录已私信发给你。');
    expect(privateText(replies, '李四')).toBe([
      '【李四的记录】',
      '正式党员，第一党支部',
      '政治生日：6月28日（2015年6月28日入党）',
      '党龄：10 年（自2016年7月10日转正起算）',
      '2026年活动：出席 0 次，迟到 2 次，请假 1 次，缺席 1 次',
      '党费：每月 75.00 元（2026年核定）',
      '2026年应缴 12 个月 900.00 元，已缴 10 个月 750.00 元（其中 1 个月待书记确认）',
      '未缴：2026年11月—12月，共 2 个月',
    ].join('\n'));
    expect(chatText(await chat.say('李四', '我的', { chat: 'p2p' }))).toContain('【李四的记录】');
  });

  it('a probationary member: probation end, no party standing yet; dues from the month of admission', async () => {
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-01' } } });
    const chat = createTestChat(f.db, { now: at('10:00') });
    const set = await chat.say('张三', '/member set @王五 status=probationary joined=2026-03-12');
    expect(chatText(set)).toBe('已更新，详情已私信。');
    expect(privateText(set, '张三')).toBe('已更新王五的信息：\n身份：预备党员\n入党日期：2026年3月12日');
    const me = privateText(await chat.say('王五', '/me'), '王五');
    expect(me).toBe([
      '【王五的记录】',
      '预备党员，第一党支部',
      '政治生日：3月12日（2026年3月12日入党）',
      '预备期至2027年3月12日，转正后开始计算党龄。',
      '2026年活动：出席 0 次，迟到 0 次，请假 0 次，缺席 0 次',
      '党费：每月金额尚未核定，请联系支部书记。',
      '2026年应缴 10 个月，已缴 0 个月 0.00 元',
      '未缴：2026年3月—12月，共 10 个月',
    ].join('\n'));
    expect(await f.db.member.findUniqueOrThrow({ where: { id: f.seeded.members['王五'] } })).toMatchObject({ status: 'probationary', probationStartedAt: '2026-03-12', convertedAt: null });

    chat.setNow(at('10:00', '2027-03-20'));
    await chat.say('张三', '/member set @王五 status=full converted=2027-03-12');
    expect(privateText(await chat.say('王五', '/me'), '王五')).toContain('党龄：0 年（自2027年3月12日转正起算）');
    expect((await f.db.auditLog.findMany({ orderBy: { id: 'asc' } })).map((a) => a.action)).toEqual(['member.set', 'member.set']);
  });

  it('an exempt member is shown apart in attendance and told in /me', async () => {
    const chat = createTestChat(f.db, { now: at('14:50') });
    await chat.say('张三', '/member set @赵六 exempt=yes');
    await chat.say('张三', '签到');
    chat.setNow(at('09:00', '2026-12-05'));
    const report = privateText(await chat.say('张三', '/attendance'), '张三');
    expect(report).toContain('应到 3 人，实到 1 人，出席率 33%');
    expect(report).toContain('缺席：李四、王五');
    expect(report).toContain('免于督促（未到，不计应到）：赵六');
    expect(privateText(await chat.say('赵六', '/me'), '赵六')).toContain('正式党员，第一党支部（已列为免于督促，不会收到催办提醒）');
    expect(await f.db.member.findUniqueOrThrow({ where: { id: f.seeded.members['赵六'] } })).toMatchObject({ exempt: true });
  });

  it.each([
    ['张三', '/member set @李四', '请写明要修改什么'],
    ['张三', '/member set @李四 exempt=maybe', 'exempt=「maybe」请写 yes 或 no'],
    ['张三', '/member set @李四 joined=2030-01-01', '入党日期 2030-01-01 在今天之后'],
    ['张三', '/member set @李四 converted=2010-01-01', '转正日期 2010-01-01 早于入党日期 2015-06-28'],
    ['张三', '/member set @李四 status=probationary converted=2016-07-01', '只有正式党员有转正日期'],
    ['王五', '/member set @李四 exempt=yes', '只有本支部书记、组织委员或管理员可以使用 /member set。'],
    ['孙八', '/me', '你还不在「第一党支部」的党员名册中'],
  ])('%s says "%s": refused, nothing changes', async (speaker, text, expected) => {
    const chat = createTestChat(f.db, { now: at('10:00') });
    const before = await rowCounts(f.db);
    const replies = await chat.say(speaker, text);
    expect(replies).toHaveLength(1);
    expect(chatText(replies)).toContain(expected);
    expect(await rowCounts(f.db)).toEqual(before);
  });
});
