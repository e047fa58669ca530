// An organ's tree built through commands and a simulated November 2026 in three of its
// branches: the fixture of the upper level's scoreboard and year-end pack tests.
import type { Db } from '../../src/db/client.js';
import { checkInWindow } from '../../src/domain/check-in-window.js';
import type { ActivityKind } from '../../src/domain/vocabulary.js';
import { chatText, createTestChat } from './chat.js';
import { ON_ZHIBU_SINCE } from './seed.js';

export const sh = (local: string) => new Date(`${local}+08:00`);
export const TREE_ADMIN = '管理员';

/** The lines that build 区直机关工委 with 2 党委, a 总支 and 12 branches. */
export const TREE_LINES = [
  '/org new 区直机关工委 kind=工委',
  '/org new 财政局机关党委 kind=党委 parent=区直机关工委',
  '/org new 教育局机关党委 kind=党委 parent=区直机关工委',
  '/org new 财政局机关党总支 kind=总支 parent=财政局机关党委',
  ...['预算科', '国库科'].map((n) => `/org new ${n}党支部 parent=财政局机关党总支`),
  ...['办公室', '税政科'].map((n) => `/org new 财政${n}党支部 parent=财政局机关党委`),
  ...['基教科', '职教科', '办公室'].map((n) => `/org new 教育${n}党支部 parent=教育局机关党委`),
  ...['统计局', '审计局', '信访局', '档案馆', '机关事务中心'].map((n) => `/org new ${n}党支部 parent=区直机关工委`),
];

/** Builds the tree through the chat, as a global admin, on 2026-10-20. */
export async function buildTreeByCommands(db: Db): Promise<void> {
  const chat = createTestChat(db, { now: sh('2026-10-20T10:00'), admins: [`console:${TREE_ADMIN}`] });
  for (const line of TREE_LINES) {
    const said = chatText(await chat.say(TREE_ADMIN, line, { chat: 'p2p' }));
    if (!said.includes('已新建')) throw new Error(`${line}: ${said}`);
  }
}

async function branchId(db: Db, name: string): Promise<number> {
  return (await db.organization.findUniqueOrThrow({ where: { name } })).id;
}

async function addMember(db: Db, branchId: number, name: string, rest: { status?: 'full' | 'probationary'; joinedAt?: string } = {}): Promise<number> {
  const member = await db.member.create({ data: { name, branchId, status: rest.status ?? 'full', joinedAt: rest.joinedAt ?? '2012-07-01', duesMonthlyFen: 5000, duesYear: 2026, createdAt: ON_ZHIBU_SINCE } });
  return member.id;
}

export async function addMeeting(db: Db, branchId: number, kind: ActivityKind, local: string, record?: string): Promise<number> {
  const startsAt = sh(local);
  const window = checkInWindow(startsAt, 'Asia/Shanghai');
  const activity = await db.activity.create({ data: { branchId, kind, title: kind, startsAt, checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter } });
  if (record) await db.meetingRecord.create({ data: { activityId: activity.id, content: record, createdBy: 'console:local:测试', createdAt: startsAt } });
  return activity.id;
}

async function paid(db: Db, memberId: number, months: string[]): Promise<void> {
  for (const month of months) await db.duesRecord.create({ data: { memberId, month, amountDueFen: 5000, amountPaidFen: 5000, status: 'confirmed', confirmedAt: sh(`${month}-20T10:00`) } });
}

/**
 * November 2026 in three branches (dues tracked from June in all of them):
 * - 预算科党支部: 4 members (孔一 probationary, probation ends 2026-12-10); 主题党日 11-06
 *   with 3 present and 1 on approved leave; 支委会 and 党小组会 with records; everyone paid.
 * - 统计局党支部: 3 members; 主题党日 11-06 with 1 present of 3; 支委会 11-10 without a record,
 *   no 党小组会; 1 paid November, 冯三 unpaid since September.
 * - 国库科党支部: 2 members, a 主题党日 on 2026-09-04 and nothing since; nobody paid since August.
 * The other nine branches have no members and no activities.
 */
export async function simulateNovember(db: Db): Promise<void> {
  for (const org of await db.organization.findMany({ where: { kind: 'branch' } })) {
    await db.organization.update({ where: { id: org.id }, data: { settings: { ...(org.settings as object | null), duesTrackingSince: '2026-06' } } });
  }
  const budget = await branchId(db, '预算科党支部');
  const b = [await addMember(db, budget, '孔一', { status: 'probationary', joinedAt: '2025-12-10' }), await addMember(db, budget, '孔二'), await addMember(db, budget, '孔三'), await addMember(db, budget, '孔四')];
  const budgetDay = await addMeeting(db, budget, 'party_day', '2026-11-06T15:00', '学习贯彻全会精神。');
  for (const id of b.slice(0, 3)) await db.checkIn.create({ data: { activityId: budgetDay, memberId: id, status: 'present', checkedInAt: sh('2026-11-06T14:55') } });
  await db.checkIn.create({ data: { activityId: budgetDay, memberId: b[3] ?? 0, status: 'leave', leaveReason: '出差', leaveDecision: 'approved' } });
  await addMeeting(db, budget, 'committee_meeting', '2026-11-10T16:00', '研究发展党员工作。');
  await addMeeting(db, budget, 'group_meeting', '2026-11-12T16:00', '学习党章。');
  for (const id of b) await paid(db, id, ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);

  const stats = await branchId(db, '统计局党支部');
  const s = [await addMember(db, stats, '冯一'), await addMember(db, stats, '冯二'), await addMember(db, stats, '冯三')];
  const statsDay = await addMeeting(db, stats, 'party_day', '2026-11-06T15:00', '重温入党誓词。');
  await db.checkIn.create({ data: { activityId: statsDay, memberId: s[0] ?? 0, status: 'present', checkedInAt: sh('2026-11-06T14:58') } });
  await addMeeting(db, stats, 'committee_meeting', '2026-11-10T16:00');
  await paid(db, s[0] ?? 0, ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  await paid(db, s[1] ?? 0, ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
  await paid(db, s[2] ?? 0, ['2026-06', '2026-07', '2026-08']);

  const treasury = await branchId(db, '国库科党支部');
  const t = [await addMember(db, treasury, '褚一'), await addMember(db, treasury, '褚二')];
  await addMeeting(db, treasury, 'party_day', '2026-09-04T15:00', '参观红色教育基地。');
  for (const id of t) await paid(db, id, ['2026-06', '2026-07', '2026-08']);
}
