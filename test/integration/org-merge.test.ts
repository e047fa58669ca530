// Merging two branches: members and activities ahead move, past records stay with the old
// branch, whose ledgers read the same afterwards; the moved members' dues and attendance go on.
import { describe, expect, it } from 'vitest';
import { loadActivityAttendance } from '../../src/attendance/load-attendance.js';
import type { Db } from '../../src/db/client.js';
import { loadBranchDigest } from '../../src/digest/load-branch-digest.js';
import { readBranchSettings } from '../../src/domain/branch-settings.js';
import { exportLedger } from '../../src/ledger/export-ledger.js';
import { runOrgCli } from '../../src/org-tree/run-org-cli.js';
import { loadHolidayCalendar } from '../../src/reminders/load-holiday-calendar.js';
import { chatText, createTestChat, transcript } from '../support/chat.js';
import { openWorkbook, rawCells } from '../support/ledger-workbook.js';
import { addActivity, seedBranch, seedOtherBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const ADMIN = '管理员';

async function ledgerOf(db: Db, branchId: number, period: { kind: 'month'; month: string } | { kind: 'year'; year: number }, now: Date) {
  const file = await exportLedger(db, { branchId, period, now, defaultZone: 'Asia/Shanghai', actor: 'cli:test', via: 'cli' });
  const dues = JSON.stringify((await openWorkbook(file.content)).getWorksheet('党费收缴台账')?.getSheetValues());
  return { name: file.name, cells: await rawCells(file.content), dues };
}

/** 第二党支部 with a November of records for 孙八, an activity ahead with his leave request, and a rule-made party day ahead. */
async function seedTwo(db: Db) {
  const first = await seedBranch(db);
  const second = await seedOtherBranch(db, first.committeeId);
  await db.organization.update({ where: { id: second.branchId }, data: { settings: { duesTrackingSince: '2026-10' } } });
  const held = await addActivity(db, second.branchId, '2026-11-06T07:00:00.000Z');
  await db.checkIn.create({ data: { activityId: held.id, memberId: second.memberId, status: 'present', checkedInAt: sh('2026-11-06T14:55') } });
  await db.meetingRecord.create({ data: { activityId: held.id, content: '学习党章。', createdBy: 'console:local:孙八', createdAt: sh('2026-11-06T17:00') } });
  for (const month of ['2026-10', '2026-11']) await db.duesRecord.create({ data: { memberId: second.memberId, month, amountDueFen: 5000, amountPaidFen: 5000, status: 'confirmed', confirmedAt: sh(`${month}-20T10:00`) } });
  const ahead = await addActivity(db, second.branchId, '2026-12-20T07:00:00.000Z', 'Asia/Shanghai', '党课');
  await db.checkIn.create({ data: { activityId: ahead.id, memberId: second.memberId, status: 'leave', leaveReason: '出差', leaveDecision: 'pending' } });
  const ruleMade = await addActivity(db, second.branchId, '2027-01-08T07:00:00.000Z');
  await db.activity.update({ where: { id: ruleMade.id }, data: { occurrenceKey: 'party-day:2027-01' } });
  return { first, second, held, ahead, ruleMade };
}

describe.each(testProviders())('merging branches on %s', (provider) => {
  const t = useTestDatabase(provider);
  const chatAt = (local: string) => createTestChat(t().db, { now: sh(local), admins: [`console:${ADMIN}`] });

  it('previews, then moves members and activities ahead; the old ledgers read the same; dues and attendance go on', async () => {
    const db = t().db;
    const { first, second, ahead, ruleMade } = await seedTwo(db);
    const now = sh('2026-12-10T10:00');
    const novemberBefore = await ledgerOf(db, second.branchId, { kind: 'month', month: '2026-11' }, now);
    const yearBefore = await ledgerOf(db, second.branchId, { kind: 'year', year: 2026 }, now);

    const chat = chatAt('2026-12-10T10:00');
    const before = await rowCounts(db);
    const preview = transcript(await chat.say(ADMIN, '/org merge 第二党支部 into=第一党支部', { chat: 'p2p' }));
    expect(preview).toContain('「第二党支部」将并入「第一党支部」：名册上的 1 人自今日起转入「第一党支部」，已缴党费随人转入；尚未开始的 1 个活动转入「第一党支部」；按原支部固定党日自动安排的 1 个主题党日取消');
    expect(preview).toContain('/org merge 第二党支部 into=第一党支部 confirm=yes');
    expect(await rowCounts(db)).toEqual(before);

    expect(chatText(await chat.say(ADMIN, '/org merge 第二党支部 into=第一党支部 confirm=yes', { chat: 'p2p' }))).toBe('已将「第二党支部」并入「第一党支部」，转入 1 人。「第二党支部」已撤销，以往记录保留，仍可导出台账。');

    // The old branch: dissolved, its ledgers as they were.
    expect((await db.organization.findUniqueOrThrow({ where: { id: second.branchId } })).dissolvedAt).toEqual(now);
    expect(await ledgerOf(db, second.branchId, { kind: 'month', month: '2026-11' }, now)).toEqual(novemberBefore);
    // The year is not over: its roster notes that 孙八 left in December and the 党课 ahead has
    // moved with him (the activity and record sheets no longer list it); the dues are as they were.
    const yearAfter = await ledgerOf(db, second.branchId, { kind: 'year', year: 2026 }, now);
    expect(yearAfter.dues).toEqual(yearBefore.dues);

    // 孙八 is on 第一党支部's roster from today, with his account and his leave request ahead.
    const sun = await db.member.findFirstOrThrow({ where: { name: '孙八', leftAt: null } });
    expect(sun).toMatchObject({ branchId: first.branchId, joinedBranchOn: '2026-12-10', joinedAt: '2012-07-01' });
    expect((await db.identity.findFirstOrThrow({ where: { platformUserId: '孙八' } })).memberId).toBe(sun.id);
    expect(await db.activity.findUniqueOrThrow({ where: { id: ahead.id } })).toMatchObject({ branchId: first.branchId, status: 'scheduled' });
    expect((await db.checkIn.findFirstOrThrow({ where: { activityId: ahead.id } })).memberId).toBe(sun.id);
    expect((await db.activity.findUniqueOrThrow({ where: { id: ruleMade.id } })).status).toBe('cancelled');
    expect((await db.auditLog.findFirstOrThrow({ where: { action: 'organization.merge' } })).detail).toEqual({ from: '第二党支部', to: '第一党支部', members: 1, movedActivities: 1, cancelledActivities: 1 });

    // Dues go on: the months he paid are paid on the new roster too, so nothing is owed twice.
    const org = await db.organization.findUniqueOrThrow({ where: { id: first.branchId } });
    const digest = await loadBranchDigest(db, org, readBranchSettings(org.settings, 'Asia/Shanghai'), await loadHolidayCalendar(db), sh('2026-12-10T12:00'));
    expect(digest.dues.arrears.map((a) => a.name)).not.toContain('孙八');
    expect(digest.dues.unpaid).toContain('孙八');
    expect(chatText(await chatAt('2026-12-10T12:00').say('孙八', '已缴 50', { chat: 'p2p' }))).toContain('已登记');
    expect(await db.duesRecord.findUniqueOrThrow({ where: { memberId_month: { memberId: sun.id, month: '2026-12' } } })).toMatchObject({ status: 'reported' });
    // Attendance goes on: he is expected at 第一党支部's next activity, and counted there.
    const next = await addActivity(db, first.branchId, '2026-12-18T07:00:00.000Z');
    const attendance = await loadActivityAttendance(db, { ...next, branchId: first.branchId }, sh('2026-12-19T10:00'), 'Asia/Shanghai');
    expect(attendance.absent.map((p) => p.name)).toContain('孙八');
  });

  it.each([
    ['/org merge 第二党支部 into=第二党支部', '不能把支部并入它自己。'],
    ['/org merge 第二党支部 into=机关工委', '「机关工委」不是支部，只有支部可以合并。'],
    ['/org merge 第九党支部 into=第一党支部', '没有找到组织「第九党支部」。'],
    ['/org merge 第二党支部', '请写上并入的支部'],
  ])('%s is refused in Chinese and writes nothing', async (line, expected) => {
    await seedTwo(t().db);
    const before = await rowCounts(t().db);
    expect(transcript(await chatAt('2026-12-10T10:00').say(ADMIN, line, { chat: 'p2p' }))).toContain(expected);
    expect(await rowCounts(t().db)).toEqual(before);
  });

  it('a branch secretary may not merge; the CLI merges as the operator', async () => {
    const db = t().db;
    const { second } = await seedTwo(db);
    const before = await rowCounts(db);
    expect(chatText(await chatAt('2026-12-10T10:00').say('张三', '/org merge 第二党支部 into=第一党支部 confirm=yes'))).toBe('只有管理员可以使用 /org merge。');
    expect(await rowCounts(db)).toEqual(before);
    const out: string[] = [];
    const code = await runOrgCli(db, {
      positionals: ['merge', '第二党支部'], values: { into: '第一党支部', yes: true }, now: sh('2026-12-10T10:00'), defaultZone: 'Asia/Shanghai',
      who: { actor: 'cli:operator', actorMemberId: null }, out: (l) => out.push(l), err: (l) => out.push(l), confirm: async () => true,
    });
    expect(code).toBe(0);
    expect(out).toEqual(['merged 第二党支部 into 第一党支部: 1 members moved; 第二党支部 is dissolved and its ledgers still export']);
    expect((await db.organization.findUniqueOrThrow({ where: { id: second.branchId } })).dissolvedAt).not.toBeNull();
    expect((await db.auditLog.findFirstOrThrow({ where: { action: 'organization.merge' } })).actor).toBe('cli:operator');
  });
});
