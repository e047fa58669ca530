import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../src/domain/calendar/meeting-cadence.js';
import { treeScoreboard, type ScoreboardActivity, type ScoreboardBranchInput } from '../../src/domain/digest/tree-scoreboard.js';

function branch(name: string, over: Partial<ScoreboardBranchInput> = {}): ScoreboardBranchInput {
  return {
    name, parentName: '机关党委', members: [], activities: [], partyDayTurnouts: [], duesRecords: [], duesTrackingStart: '2026-01',
    cadence: DEFAULT_CADENCE, termStarted: null, termYears: 3, ...over,
  };
}

const held = (kind: ScoreboardActivity['kind'], date: string): ScoreboardActivity => ({ kind, date, hasBegun: true, hasRecord: true });

describe('the monthly scoreboard (pure)', () => {
  it('owes a quarterly meeting in the quarter\'s last month, and counts one held earlier in the month it was held', () => {
    const activities = [held('party_day', '2026-11-06'), held('committee_meeting', '2026-11-10'), held('group_meeting', '2026-11-12'), held('branch_assembly', '2026-10-15')];
    const [october] = treeScoreboard({ month: '2026-10', asOf: '2026-10-31', branches: [branch('甲', { activities: activities.filter((a) => a.date < '2026-11') })] });
    // October: 支委会 and 党小组会 owed and missing; the 党员大会 held counts (done, owed).
    expect(october?.cadence).toEqual({ done: 1, owed: 3, missing: ['committee_meeting', 'group_meeting'] });
    const [november] = treeScoreboard({ month: '2026-11', asOf: '2026-11-30', branches: [branch('甲', { activities })] });
    expect(november?.cadence).toEqual({ done: 2, owed: 2, missing: [] });
    const [december] = treeScoreboard({ month: '2026-12', asOf: '2026-12-31', branches: [branch('甲', { activities })] });
    // December closes the quarter (党员大会 held in October: done) and the year (党课, 组织生活会, 民主评议 missing).
    expect(december?.cadence).toEqual({ done: 1, owed: 6, missing: ['committee_meeting', 'group_meeting', 'party_lecture', 'org_life_meeting', 'democratic_appraisal'] });
  });

  it('sorts the worst first: silence, then no 主题党日, missing meetings, records, arrears', () => {
    const quiet = branch('静', { activities: [held('party_day', '2026-09-04')] });
    const unrecorded = branch('乙', { activities: [held('party_day', '2026-11-06'), held('committee_meeting', '2026-11-10'), held('group_meeting', '2026-11-12'), { ...held('group_meeting', '2026-11-20'), hasRecord: false }], partyDayTurnouts: [{ expected: 10, attended: 9 }] });
    const fine = branch('甲', { activities: [held('party_day', '2026-11-06'), held('committee_meeting', '2026-11-10'), held('group_meeting', '2026-11-12')], partyDayTurnouts: [{ expected: 10, attended: 10 }] });
    const rows = treeScoreboard({ month: '2026-11', asOf: '2026-11-30', branches: [fine, unrecorded, quiet] });
    expect(rows.map((r) => [r.name, r.problems])).toEqual([
      ['静', ['87 天无活动', '未开展主题党日', '缺支委会、党小组会']],
      ['乙', ['缺会议记录 1 份']],
      ['甲', []],
    ]);
    expect(rows[2]?.partyDay).toEqual({ held: 1, expected: 10, attended: 10, rate: 1 });
  });
});
