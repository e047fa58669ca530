import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { checkInWindow } from '../../src/domain/check-in-window.js';
import type { ActivityKind } from '../../src/domain/vocabulary.js';
import { silentLogger } from '../../src/logger.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { loadHolidayCalendar } from '../../src/reminders/load-holiday-calendar.js';
import { planReminders } from '../../src/reminders/planner.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { seedBranch, seedOtherBranch, type SeededBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const ROSTER_SINCE = new Date('2020-01-01T00:00:00Z');
const PARTY_DAYS = ['2026-07-03', '2026-08-07', '2026-09-04', '2026-10-02', '2026-11-06', '2026-12-04'];
const DUES_MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];

async function activity(db: Db, branchId: number, kind: ActivityKind, local: string, title: string): Promise<number> {
  const start = sh(local);
  const w = checkInWindow(start, 'Asia/Shanghai');
  const row = await db.activity.create({ data: { branchId, kind, title, startsAt: start, checkInOpensAt: w.opensAt, checkInClosesAt: w.closesAt, lateAfter: w.lateAfter } });
  return row.id;
}

/**
 * 第一党支部 on Monday 7 December 2026, with every kind of item: 张三 (secretary) and 李四
 * (organization officer) always come; 王五 came last in August (a volunteer day in November
 * does not count) and owes September to December; 赵六 was late on the party day and owes
 * November and December; 钱七 is probationary until 20 January 2027, on approved leave; 孙九
 * has a political birthday on 20 December and asked for leave (pending); 周十 is exempt.
 */
async function seedEverything(db: Db): Promise<{ seeded: SeededBranch; ids: Record<string, number>; partyDayId: number }> {
  const seeded = await seedBranch(db);
  const { branchId } = seeded;
  await db.organization.update({ where: { id: branchId }, data: { settings: { partyDay: 'first friday 15:00', termStarted: '2024-01-15', duesTrackingSince: '2026-06' } } });
  const ids: Record<string, number> = { ...seeded.members };
  for (const [name, data] of [
    ['钱七', { joinedAt: '2026-01-20', probationStartedAt: '2026-01-20', status: 'probationary' as const }],
    ['孙九', { joinedAt: '2010-12-20' }],
    ['周十', { joinedAt: '1970-05-01', exempt: true }],
  ] as const) {
    const m = await db.member.create({ data: { name, branchId, createdAt: ROSTER_SINCE, ...data } });
    await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: name, memberId: m.id } });
    ids[name] = m.id;
  }
  await db.roleGrant.create({ data: { memberId: ids['李四'] ?? 0, role: 'organization_officer', organizationId: branchId } });

  const mark = (activityId: number, name: string, status: 'present' | 'late' | 'leave', leaveDecision: 'approved' | 'pending' | null = null) =>
    db.checkIn.create({ data: { activityId, memberId: ids[name] ?? 0, status, leaveDecision } });
  let partyDayId = 0;
  for (const date of PARTY_DAYS) {
    const id = await activity(db, branchId, 'party_day', `${date}T15:00`, `${Number(date.slice(5, 7))}月主题党日`);
    const isDecember = date.startsWith('2026-12');
    for (const name of ['张三', '李四']) await mark(id, name, 'present');
    if (date < '2026-09') await mark(id, '王五', 'present');
    await mark(id, '赵六', isDecember ? 'late' : 'present');
    await mark(id, '钱七', isDecember ? 'leave' : 'present', isDecember ? 'approved' : null);
    await mark(id, '孙九', isDecember ? 'leave' : 'present', isDecember ? 'pending' : null);
    if (isDecember) partyDayId = id;
  }
  const volunteer = await activity(db, branchId, 'volunteer_service', '2026-11-20T09:00', '社区志愿服务');
  await mark(volunteer, '王五', 'present');
  const committee = await activity(db, branchId, 'committee_meeting', '2026-12-01T10:00', '支委会');
  for (const name of ['张三', '李四', '赵六', '钱七', '孙九']) await mark(committee, name, 'present');
  await activity(db, branchId, 'branch_assembly', '2026-12-18T14:30', '第四季度支部党员大会');

  const unpaid: Record<string, string[]> = { 王五: ['2026-09', '2026-10', '2026-11', '2026-12'], 赵六: ['2026-11', '2026-12'], 钱七: ['2026-12'] };
  for (const name of ['张三', '李四', '王五', '赵六', '钱七', '孙九']) {
    const months = DUES_MONTHS.filter((m) => !unpaid[name]?.includes(m));
    await db.duesRecord.createMany({
      data: months.map((month) => ({ memberId: ids[name] ?? 0, month, amountDueFen: 5000, status: name === '李四' && month === '2026-12' ? 'reported' as const : 'confirmed' as const })),
    });
  }
  return { seeded, ids, partyDayId };
}

describe.each(testProviders())('the secretary digest on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  let ids: Record<string, number>;
  let partyDayId: number;

  beforeEach(async () => {
    ({ seeded, ids, partyDayId } = await seedEverything(t().db));
  });

  it('/digest: the secretary hears, in private, every item by name with its count', async () => {
    const chat = createTestChat(t().db, { now: sh('2026-12-07T09:30') });
    const replies = await chat.say('张三', '/汇总');
    expect(chatText(replies)).toBe('工作汇总已私信发给你。');
    const text = privateText(replies, '张三');
    expect(text.split('\n').slice(0, 4)).toEqual([
      '【「第一党支部」工作汇总】',
      '12月7日（周一）：出席率 60%｜本月党费未缴 3 人｜欠缴 2 人｜待办 4 项',
      '优先跟进  情况',
      '王五      连续 4 个月未参加活动，欠缴党费 3 个月，上次活动缺席',
    ]);
    for (const line of [
      '赵六      欠缴党费 1 个月',
      '▍下次活动',
      `12月4日（周五）15:00 主题党日（#${partyDayId}）：应到 5 人，实到 3 人，出席率 60%`,
      '缺席（1）：王五',
      '迟到（1）：赵六',
      '请假（1）：钱七',
      '请假待批（1）：孙九',
      '出席（2）：张三、李四',
      '免于督促未到（1）：周十',
      '▍党费（12月）',
      '已缴 2 人，待确认 1 人，未缴 3 人',
      '待确认：李四',
      '未缴：王五、赵六、钱七',
      '欠缴 1 个月以上：王五 3 个月（2026年9月起）、赵六 1 个月（2026年11月起）',
      '▍本月政治生日',
      '12月20日（周日） 孙九（入党 16 年）',
      '钱七：2027年1月20日期满（还有 44 天）',
      '本届支部委员会任期于2027年1月15日届满（还有 39 天），请做好换届准备。',
      '支委会（12月）：已召开（12月1日周二）',
      '党小组会（12月）：尚未安排',
      '支部党员大会（第四季度）：已安排（12月18日周五）',
      '党课（第四季度）：尚未安排',
      '组织生活会（2026年）：尚未安排',
      '王五：4 个月（最近一次：2026年8月7日）',
      '注意：2027年的节假日安排尚未导入，该年的固定党日、党费日暂按周一至周五为工作日安排，遇法定节假日和调休尚未调整。请管理员导入（zhibu holidays import）。',
      '近 6 次活动出席率',
    ]) expect(text.split('\n')).toContain(line);
    expect(text).toContain('12月18日（周五）14:30 支部党员大会（#');
    // The volunteer day neither counts as attendance nor appears in the trend.
    expect(text).not.toContain('11月20日');
    expect(text).toMatch(/12月4日 +█{6}░{4} 60%/);
    // Nothing about 周十 but the attendance line: exempt members are not chased for dues.
    expect(text.match(/周十/g)).toHaveLength(1);
  });

  it('refuses a plain member, in Chinese, and changes nothing', async () => {
    const chat = createTestChat(t().db, { now: sh('2026-12-07T09:30') });
    const before = await rowCounts(t().db);
    const replies = await chat.say('王五', '/digest');
    // Who may ask is no secret: the refusal is said where it was asked, and nothing else is.
    expect(replies).toHaveLength(1);
    expect(chatText(replies)).toBe('只有本支部书记、组织委员或管理员可以使用 /digest。');
    expect(await rowCounts(t().db)).toEqual(before);
    const bad = await chat.say('张三', '/digest 全体党员', { chat: 'p2p' });
    expect(chatText(bad)).toContain('只能写 tree（下辖各支部月度工作一览）');
  });

  it('the weekly digest lands in the outbox for the secretary and the organization officer only', async () => {
    const calendar = await loadHolidayCalendar(t().db);
    const deps = { db: t().db, calendar, defaultZone: 'Asia/Shanghai', log: silentLogger };
    await planReminders(deps, sh('2026-12-07T08:59'));
    expect(await t().db.notification.count({ where: { kind: 'digest' } })).toBe(0);
    await planReminders(deps, sh('2026-12-07T09:00'));
    await planReminders(deps, sh('2026-12-07T09:01'));
    const rows = await t().db.notification.findMany({ where: { kind: 'digest' }, orderBy: { memberId: 'asc' } });
    expect(rows.map((r) => [r.memberId, r.targetKind, r.idempotencyKey])).toEqual([
      [ids['张三'], 'user', `digest:member-${ids['张三']}:2026-12-07`],
      [ids['李四'], 'user', `digest:member-${ids['李四']}:2026-12-07`],
    ]);
    const text = renderText(rows[0]?.payload as never);
    expect(text).toContain('【「第一党支部」工作汇总（每周）】');
    expect(text).toContain('未缴：王五、赵六、钱七');
    expect(text).toContain('王五：4 个月（最近一次：2026年8月7日）');
  });

  it('after the party day ends, its digest goes to the officers, keyed by the activity', async () => {
    const calendar = await loadHolidayCalendar(t().db);
    const deps = { db: t().db, calendar, defaultZone: 'Asia/Shanghai', log: silentLogger };
    await planReminders(deps, sh('2026-12-04T15:30'));
    await planReminders(deps, sh('2026-12-04T17:59'));
    expect(await t().db.notification.count({ where: { kind: 'party_day_digest' } })).toBe(0);
    await planReminders(deps, sh('2026-12-04T18:00'));
    const rows = await t().db.notification.findMany({ where: { kind: 'party_day_digest' }, orderBy: { memberId: 'asc' } });
    expect(rows.map((r) => r.idempotencyKey)).toEqual([ids['张三'], ids['李四']].map((id) => `party_day_digest:member-${id}:activity-${partyDayId}@2026-12-04T15:00`));
    const text = renderText(rows[1]?.payload as never);
    expect(text).toContain('【「第一党支部」工作汇总（主题党日后）】');
    expect(text).toContain(`12月4日（周五）15:00 主题党日（#${partyDayId}）：应到 5 人，实到 3 人，出席率 60%`);
    // Check-in stays open to the end of the day: three hours after the start, 王五 has not checked in yet.
    expect(text).toContain('尚未签到（1）：王五');
    expect(text).toContain('12月18日（周五）14:30 支部党员大会');
  });

  it('/digest tree and an admin above the branches: this month so far, silent branches first', async () => {
    // Dues tracked from December, so the branches' creation (the wall clock) does not matter.
    const settings = { duesTrackingSince: '2026-12' };
    const second = await seedOtherBranch(t().db, seeded.committeeId);
    await t().db.organization.update({ where: { id: second.branchId }, data: { settings } });
    const third = await t().db.organization.create({ data: { name: '第三党支部', kind: 'branch', parentId: seeded.committeeId, settings } });
    await t().db.member.create({ data: { name: '吴一', branchId: third.id, joinedAt: '2019-07-01', createdAt: ROSTER_SINCE } });
    await activity(t().db, third.id, 'party_day', '2026-10-20T15:00', '10月主题党日');
    await t().db.organization.create({ data: { name: '别的工委', kind: 'working_committee' } });

    const chat = createTestChat(t().db, { now: sh('2026-12-07T09:30'), admins: ['console:管理员'] });
    const replies = await chat.say('管理员', '/digest', { chat: 'p2p' });
    // One upper-level view: the scoreboard of December so far, the silent branches first.
    expect(chatText(replies).split('\n')).toEqual([
      '【下辖支部月度工作一览（2026年12月，截至7日）】',
      '共 3 个支部，需关注 3 个。',
      '主题党日：1 个支部已开展，应到 5 人，实到 3 人，出席率 60%',
      '三会一课：应开 18 项，已开 1 项；缺会议记录 2 份',
      '党费：已缴 2 人，应缴 8 人，已收 100.00 元，核定 150.00 元；连续 3 个月以上未缴 1 人',
      '预备期将满 1 人；换届超期 0 个，半年内届满 1 个；30 天以上无活动 2 个',
      '▍第二党支部（机关工委）',
      '一年内无活动，本月尚未安排主题党日、支委会、党小组会、支部党员大会、党课、组织生活会、民主评议，党费未缴 1 人。',
      '主题党日 0 次｜三会一课 0/6｜党费 0/1 人',
      '▍第三党支部（机关工委）',
      '48 天无活动，本月尚未安排主题党日、支委会、党小组会、支部党员大会、党课、组织生活会、民主评议，党费未缴 1 人。',
      '主题党日 0 次｜三会一课 0/6｜党费 0/1 人',
      '▍第一党支部（机关工委）',
      '本月尚未安排党小组会、党课、组织生活会、民主评议，缺会议记录 2 份，连续 3 个月以上未缴党费 1 人，党费未缴 4 人，主题党日出席率 60%。',
      '主题党日 1 次（出席率 60%）｜三会一课 1/6｜党费 2/6 人',
      '各支部主题党日出席率',
      '第一党支部 ██████░░░░ 60%',
    ]);

    // An admin of the committee, on another branch's roster: the tree of the committee.
    await t().db.roleGrant.create({ data: { memberId: ids['李四'] ?? 0, role: 'admin', organizationId: seeded.committeeId } });
    const tree = await chat.say('李四', '/digest tree', { chat: 'p2p' });
    expect(chatText(tree)).toContain('共 3 个支部');
    // A secretary's tree is their own branch.
    const own = chatText(await chat.say('张三', '/digest tree', { chat: 'p2p' })).split('\n');
    expect(own.slice(0, 2)).toEqual(['【「第一党支部」下辖支部月度工作一览（2026年12月，截至7日）】', '共 1 个支部，需关注 1 个。']);
    expect(own).toContain('主题党日 1 次（出席率 60%）｜三会一课 1/6｜党费 2/6 人');
  });
});
