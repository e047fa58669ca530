import { describe, expect, it } from 'vitest';
import { readBranchSettings, readStoredSettings } from '../../src/domain/branch-settings.js';
import { termEndOf, termNoticeDates } from '../../src/domain/calendar/committee-term.js';
import { cadenceGaps, DEFAULT_CADENCE, describeCadenceGap } from '../../src/domain/calendar/meeting-cadence.js';
import { birthdayYearsOn, describeYears, isMilestone, politicalBirthdayIn } from '../../src/domain/calendar/political-birthday.js';
import { probationEndOf, probationNoticeOn } from '../../src/domain/calendar/probation.js';
import { afterQuietHours, isQuiet, parseQuietHours } from '../../src/domain/calendar/quiet-hours.js';
import { parseWeeklyTime } from '../../src/domain/calendar/weekly-time.js';
import { consecutiveUnpaidMonths } from '../../src/domain/dues/arrears.js';
import { duesStanding, formatFen } from '../../src/domain/reminders/dues-standing.js';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('political birthdays', () => {
  it('someone admitted on 29 February is greeted on 28 February in common years', () => {
    expect(politicalBirthdayIn('2004-02-29', 2026)).toBe('2026-02-28');
    expect(politicalBirthdayIn('2004-02-29', 2028)).toBe('2028-02-29');
    expect(birthdayYearsOn('2004-02-29', '2026-02-28')).toBe(22);
    expect(birthdayYearsOn('2004-02-29', '2026-03-01')).toBeUndefined();
    expect(birthdayYearsOn('2004-02-29', '2028-02-28')).toBeUndefined();
    expect(birthdayYearsOn('2004-02-29', '2028-02-29')).toBe(24);
  });

  it('counts whole years, names milestones, and does not greet in the year of admission', () => {
    expect(birthdayYearsOn('2006-12-10', '2026-12-10')).toBe(20);
    expect(birthdayYearsOn('2026-03-12', '2026-03-12')).toBeUndefined();
    expect(describeYears(20)).toBe('入党 20 周年');
    expect(describeYears(11)).toBe('入党 11 年');
  });

  it('every multiple of ten years is a milestone, without an upper limit', () => {
    expect(birthdayYearsOn('1946-03-20', '2026-03-20')).toBe(80);
    expect([70, 80, 90, 100, 110].map(describeYears)).toEqual(['入党 70 周年', '入党 80 周年', '入党 90 周年', '入党 100 周年', '入党 110 周年']);
    expect([0, 1, 75, 81, 99, 101].filter(isMilestone)).toEqual([]);
  });
});

describe('probation and the committee term', () => {
  it('probation ends a year after it began; notices 30 days before and on the day', () => {
    expect(probationEndOf('2025-12-15')).toBe('2026-12-15');
    expect(probationEndOf('2024-02-29')).toBe('2025-02-28');
    expect(probationNoticeOn('2026-01-09', '2026-12-10')).toEqual({ notice: 'ahead', endsOn: '2027-01-09' });
    expect(probationNoticeOn('2025-12-15', '2026-12-15')).toEqual({ notice: 'today', endsOn: '2026-12-15' });
    expect(probationNoticeOn('2025-12-15', '2026-12-14')).toBeUndefined();
  });

  it('the term ends after its years; the secretary hears 3 months and 1 month before, at month ends too', () => {
    expect(termEndOf('2024-03-01', 3)).toBe('2027-03-01');
    expect([...termNoticeDates('2024-03-01', 3)]).toEqual([['2026-12-01', 3], ['2027-02-01', 1]]);
    expect([...termNoticeDates('2024-05-31', 3)]).toEqual([['2027-02-28', 3], ['2027-04-30', 1]]);
    expect(termEndOf('2025-03-01', 5)).toBe('2030-03-01');
  });
});

describe('quiet hours', () => {
  const night = parseQuietHours('22:00-08:00');
  const noon = parseQuietHours('12:00～14:00');

  it('reads ranges and "off", refuses nonsense', () => {
    expect(night).toEqual({ start: { hour: 22, minute: 0 }, end: { hour: 8, minute: 0 } });
    expect(parseQuietHours('关')).toBe('off');
    for (const bad of ['22:00', '22:00-22:00', '25:00-08:00', '22:00-08:00-09:00', 'night']) expect(parseQuietHours(bad)).toBeUndefined();
  });

  it('wait until they end, on the branch clock, across midnight', () => {
    if (!night || night === 'off' || !noon || noon === 'off') throw new Error('unreadable');
    expect(isQuiet(sh('2026-12-03T21:59'), night, 'Asia/Shanghai')).toBe(false);
    expect(afterQuietHours(sh('2026-12-03T22:00'), night, 'Asia/Shanghai')).toEqual(sh('2026-12-04T08:00'));
    expect(afterQuietHours(sh('2026-12-04T07:59'), night, 'Asia/Shanghai')).toEqual(sh('2026-12-04T08:00'));
    expect(afterQuietHours(sh('2026-12-04T08:00'), night, 'Asia/Shanghai')).toEqual(sh('2026-12-04T08:00'));
    expect(afterQuietHours(sh('2026-12-04T13:00'), noon, 'Asia/Shanghai')).toEqual(sh('2026-12-04T14:00'));
    // 22:30 in Berlin is 05:30 the next morning in Shanghai: quiet in both, and ends at 08:00 Berlin time.
    expect(afterQuietHours(new Date('2026-12-03T21:30:00Z'), night, 'Europe/Berlin')).toEqual(new Date('2026-12-04T07:00:00Z'));
  });
});

describe('the weekly digest time', () => {
  it('reads English and Chinese weekdays', () => {
    expect(parseWeeklyTime('mon 09:00')).toEqual({ weekday: 1, time: { hour: 9, minute: 0 } });
    expect(parseWeeklyTime('周五 17:30')).toEqual({ weekday: 5, time: { hour: 17, minute: 30 } });
    expect(parseWeeklyTime('off')).toBe('off');
    expect(parseWeeklyTime('monday')).toBeUndefined();
  });
});

describe('三会一课 cadence', () => {
  it('names what is not yet arranged in its month, quarter or year', () => {
    const gaps = cadenceGaps('2026-12-07', DEFAULT_CADENCE, [{ kind: 'committee_meeting', date: '2026-12-03' }, { kind: 'party_lecture', date: '2026-10-20' }, { kind: 'branch_assembly', date: '2026-09-20' }]);
    expect(gaps.map(describeCadenceGap)).toEqual(['12月尚未安排：党小组会', '第四季度尚未安排：支部党员大会', '2026年尚未安排：组织生活会、民主评议']);
    expect(cadenceGaps('2026-12-07', { ...DEFAULT_CADENCE, group_meeting: 'off', branch_assembly: 'off', org_life_meeting: 'off', democratic_appraisal: 'off' }, [{ kind: 'committee_meeting', date: '2026-12-03' }, { kind: 'party_lecture', date: '2026-11-20' }])).toEqual([]);
  });
});

describe('dues arrears', () => {
  it('counts unpaid months in a row, back to the first month owed', () => {
    const count = (paid: string[], first: string, through: string) => consecutiveUnpaidMonths({ paidMonths: new Set(paid), firstDueMonth: first, throughMonth: through });
    expect(count([], '2026-06', '2026-11')).toBe(6);
    expect(count(['2026-08'], '2026-06', '2026-11')).toBe(3);
    expect(count(['2026-11'], '2026-06', '2026-11')).toBe(0);
    expect(count([], '2026-12', '2026-11')).toBe(0);
    expect(count(['2025-11'], '2025-01', '2026-01')).toBe(2);
  });

  it('a member owes from the month of admission, never before tracking began, with the amount fixed for the year', () => {
    const member = { id: 1, name: '王五', joinedAt: '2026-09-12', duesMonthlyFen: 5000, duesYear: 2026 };
    const records = [{ memberId: 1, month: '2026-10', status: 'confirmed' as const, amountDueFen: 5000 }, { memberId: 2, month: '2026-11', status: 'reported' as const, amountDueFen: 100 }];
    expect(duesStanding(member, records, '2026-12', '2026-06')).toEqual({ owesThisMonth: true, amountFen: 5000, unpaidMonthsBefore: 1 });
    expect(duesStanding(member, records, '2027-01', '2026-06')).toEqual({ owesThisMonth: true, amountFen: null, unpaidMonthsBefore: 2 });
    expect(duesStanding({ ...member, joinedAt: '1990-01-01' }, [], '2026-12', '2026-09')).toMatchObject({ unpaidMonthsBefore: 3 });
    expect(duesStanding(member, records, '2026-08', '2026-06')).toMatchObject({ owesThisMonth: false, unpaidMonthsBefore: 0 });
    expect(formatFen(7500)).toBe('75.00');
  });
});

describe('branch settings', () => {
  it('fill defaults, and one unreadable value does not hide the others', () => {
    const stored = { partyDay: 'first friday 15:00', duesDay: 'five', quiet: 'off', reminders: { birthday: false } };
    expect(readStoredSettings(stored)).toEqual({ partyDay: 'first friday 15:00', quiet: 'off', reminders: { birthday: false } });
    const settings = readBranchSettings(stored, 'Asia/Shanghai');
    expect(settings).toMatchObject({ timezone: 'Asia/Shanghai', duesDay: null, quiet: null, shift: 'next_workday', termYears: 3, digest: { weekday: 1, time: { hour: 9, minute: 0 } } });
    expect(settings.partyDay).toEqual({ kind: 'weekday', week: 1, weekday: 5, time: { hour: 15, minute: 0 } });
    expect(settings.reminders).toEqual({ party_day: true, dues: true, birthday: false, probation: true, term: true, digest: true, record: true });
    expect(readBranchSettings(null, 'Europe/Berlin').quiet).toEqual({ start: { hour: 22, minute: 0 }, end: { hour: 8, minute: 0 } });
  });
});
