// The upper level's monthly scoreboard: a 工委 with 2 党委, a 总支 and 12 branches built
// through commands, a simulated November, and every row checked against the records.
import { describe, expect, it } from 'vitest';
import { loadTreeScoreboard } from '../../src/digest/load-tree-scoreboard.js';
import { renderTreeScoreboard } from '../../src/digest/render-scoreboard.js';
import type { Db } from '../../src/db/client.js';
import { silentLogger } from '../../src/logger.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { chatText, createTestChat, transcript } from '../support/chat.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { ON_ZHIBU_SINCE } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';
import { addMeeting, buildTreeByCommands, sh, simulateNovember, TREE_ADMIN } from '../support/tree-month.js';

describe.each(testProviders())('the monthly scoreboard on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('has one row per branch, the worst first, each number as the records say', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    const root = await db.organization.findUniqueOrThrow({ where: { name: '区直机关工委' } });
    const board = await loadTreeScoreboard(db, [root.id], '2026-11', sh('2026-12-01T09:00'), 'Asia/Shanghai');
    expect(board.asOf).toBe('2026-11-30');
    expect(board.rows).toHaveLength(12);
    const names = board.rows.map((r) => r.name);
    expect(names[0]).toBe('国库科党支部');
    expect(names.slice(-2)).toEqual(['统计局党支部', '预算科党支部']);

    const [treasury] = board.rows;
    expect(treasury).toMatchObject({
      parentName: '财政局机关党总支',
      partyDay: { held: 0, expected: 0, attended: 0, rate: null },
      cadence: { done: 0, owed: 2, missing: ['committee_meeting', 'group_meeting'] },
      recordsMissing: 0,
      dues: { due: 2, paid: 0, assessedFen: 10000, collectedFen: 0 },
      longUnpaid: 2,
      daysSinceActivity: 87,
      isSilent: true,
      term: 'unrecorded',
    });
    const stats = board.rows.find((r) => r.name === '统计局党支部');
    expect(stats).toMatchObject({
      partyDay: { held: 1, expected: 3, attended: 1 },
      cadence: { done: 1, owed: 2, missing: ['group_meeting'] },
      recordsMissing: 1,
      dues: { due: 3, paid: 1, assessedFen: 15000, collectedFen: 5000 },
      longUnpaid: 1,
      daysSinceActivity: 20,
      isSilent: false,
    });
    const budget = board.rows.find((r) => r.name === '预算科党支部');
    expect(budget).toMatchObject({
      // 孔四 was on approved leave: not expected (the attendance model's 应到).
      partyDay: { held: 1, expected: 3, attended: 3, rate: 1 },
      cadence: { done: 2, owed: 2, missing: [] },
      recordsMissing: 0,
      dues: { due: 4, paid: 4, assessedFen: 20000, collectedFen: 20000 },
      longUnpaid: 0,
      probationEnding: 1,
      problems: [],
    });
    const empty = board.rows.filter((r) => r.partyDay.held === 0 && r.name !== '国库科党支部');
    expect(empty.every((r) => r.problems[0] === '一年内无活动')).toBe(true);
  });

  it('a 党委 sees only its own branches; the month is read as of today within it', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    const finance = await db.organization.findUniqueOrThrow({ where: { name: '财政局机关党委' } });
    const board = await loadTreeScoreboard(db, [finance.id], '2026-11', sh('2026-11-08T09:00'), 'Asia/Shanghai');
    expect(board.rows.map((r) => r.name).sort()).toEqual(['国库科党支部', '财政办公室党支部', '财政税政科党支部', '预算科党支部'].sort());
    expect(board.asOf).toBe('2026-11-08');
    // On the 8th the 支委会 of the 10th has not begun: both monthly meetings are still missing.
    expect(board.rows.find((r) => r.name === '预算科党支部')?.cadence).toEqual({ done: 0, owed: 2, missing: ['committee_meeting', 'group_meeting'] });
    // …but both are arranged (the 10th, the 20th) and its 主题党日 was held: nothing to flag yet.
    expect(board.rows.find((r) => r.name === '预算科党支部')?.problems).toEqual([]);
    expect(renderTreeScoreboard(board).lines[0]).toBe('共 4 个支部，需关注 3 个。');
    expect(renderTreeScoreboard(board).title).toMatch(/（2026年11月，截至8日）$/u);
  });

  it('within the month a branch is not yet behind: a 主题党日 or meeting ahead is not flagged, \'本月尚未安排\' when none is, \'未开展\' and \'缺\' once the month is over', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    const finance = await db.organization.findUniqueOrThrow({ where: { name: '财政局机关党委' } });
    const office = await db.organization.findUniqueOrThrow({ where: { name: '财政办公室党支部' } });
    const problemsOf = async (at: string, name: string) => ((await loadTreeScoreboard(db, [finance.id], '2026-11', sh(at), 'Asia/Shanghai')).rows.find((r) => r.name === name)?.problems ?? []).join('，');
    expect(await problemsOf('2026-11-08T09:00', '财政办公室党支部')).toContain('本月尚未安排主题党日、支委会、党小组会');
    await addMeeting(db, office.id, 'party_day', '2026-11-20T15:00');
    await addMeeting(db, office.id, 'committee_meeting', '2026-11-25T15:00');
    // Arranged later in the month: not flagged; the 党小组会 still is, lightly.
    expect(await problemsOf('2026-11-08T09:00', '财政办公室党支部')).toBe('一年内无活动，本月尚未安排党小组会');
    // The one of the 6th had begun by the 8th: counted as held, not as ahead.
    expect(await problemsOf('2026-11-08T09:00', '预算科党支部')).not.toContain('主题党日');
    // Held on the 20th with nobody checked in: after it, a turnout, not a missing day.
    expect(await problemsOf('2026-11-21T09:00', '财政办公室党支部')).not.toContain('本月尚未安排主题党日');
    expect(await problemsOf('2026-11-08T09:00', '国库科党支部')).toContain('本月尚未安排主题党日');
    // Once the month is over: missing, at full weight.
    expect(await problemsOf('2026-12-01T09:00', '国库科党支部')).toContain('未开展主题党日，缺支委会、党小组会');
  });

  it('/digest tree month=2026-11 answers in private: totals first, the worst in full, the rest condensed, a chart', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    const chat = createTestChat(db, { now: sh('2026-12-01T09:00'), admins: [`console:${TREE_ADMIN}`] });
    const said = chatText(await chat.say(TREE_ADMIN, '/digest tree month=2026-11', { chat: 'p2p' }));
    const lines = said.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '【「区直机关工委」下辖支部月度工作一览（2026年11月）】',
      '共 12 个支部，需关注 11 个。',
      '主题党日：2 个支部已开展，应到 6 人，实到 4 人，出席率 67%',
      '三会一课：应开 24 项，已开 3 项；缺会议记录 1 份',
      '党费：已缴 5 人，应缴 9 人，已收 250.00 元，核定 450.00 元；连续 3 个月以上未缴 3 人',
      '预备期将满 1 人；换届超期 0 个，半年内届满 0 个；30 天以上无活动 10 个',
    ]);
    expect(said).toContain('国库科党支部（财政局机关党总支）');
    expect(said).toContain('87 天无活动，未开展主题党日');
    expect(said).toContain('另有 3 个支部需关注');
    expect(said).toContain('各项正常（1 个）');
    expect(said).toContain('统计局党支部');
    expect(said).toMatch(/统计局党支部\s+███░░░░░░░ 33%/u);
  });

  it('goes out on the 1st at 09:00, for the month before, in private to the officers and admins of each 工委, 党委 and 总支, once', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    await grant(db, '钱七', '审计局党支部', '区直机关工委', 'secretary');
    await grant(db, '孙九', '审计局党支部', '财政局机关党委', 'admin');
    const heard = async (local: string) => {
      const platform = new RecordingPlatform();
      await runReminderTick({ db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, sh(local));
      return platform.sent.filter((d) => d.message.title?.includes('月度工作一览')).map((d) => `${d.to.label ?? d.to.id}: ${d.message.title ?? ''} ${d.message.lines[0] ?? ''}`).sort();
    };
    expect(await heard('2026-11-30T09:05')).toEqual([]);
    expect(await heard('2026-12-01T08:55')).toEqual([]);
    expect(await heard('2026-12-01T09:05')).toEqual([
      '孙九: 「财政局机关党委」下辖支部月度工作一览（2026年11月） 共 4 个支部，需关注 3 个。',
      '钱七: 「区直机关工委」下辖支部月度工作一览（2026年11月） 共 12 个支部，需关注 11 个。',
    ]);
    expect(await heard('2026-12-02T09:05')).toEqual([]);
    expect(await db.notification.count({ where: { kind: 'tree_scoreboard' } })).toBe(2);
  });

  it('a 党委\'s secretary asks for it too, and sees the branches below the 党委 only', async () => {
    const db = t().db;
    await buildTreeByCommands(db);
    await simulateNovember(db);
    await grant(db, '钱七', '审计局党支部', '财政局机关党委', 'secretary');
    const chat = createTestChat(db, { now: sh('2026-12-01T09:00') });
    const said = chatText(await chat.say('钱七', '/digest tree month=2026-11', { chat: 'p2p' }));
    expect(said.split('\n').slice(0, 2)).toEqual(['【「财政局机关党委」下辖支部月度工作一览（2026年11月）】', '共 4 个支部，需关注 3 个。']);
    expect(said).not.toContain('审计局');
  });

  it.each([
    ['/digest tree month=2027-01', '2027年1月还没到，没有可看的月度工作一览。'],
    ['/digest tree month=2026-13', '月份「2026-13」不是有效月份'],
  ])('%s is refused in Chinese', async (line, expected) => {
    const db = t().db;
    await buildTreeByCommands(db);
    const chat = createTestChat(db, { now: sh('2026-12-01T09:00'), admins: [`console:${TREE_ADMIN}`] });
    expect(transcript(await chat.say(TREE_ADMIN, line, { chat: 'p2p' }))).toContain(expected);
  });
});

/** `name`, a member of `branch` with a console account, holding `role` in `org`. */
async function grant(db: Db, name: string, branch: string, org: string, role: 'secretary' | 'admin'): Promise<void> {
  const branchId = (await db.organization.findUniqueOrThrow({ where: { name: branch } })).id;
  const member = await db.member.create({ data: { name, branchId, joinedAt: '2010-07-01', createdAt: ON_ZHIBU_SINCE } });
  await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: name, memberId: member.id } });
  await db.roleGrant.create({ data: { memberId: member.id, role, organizationId: (await db.organization.findUniqueOrThrow({ where: { name: org } })).id } });
}
