import { describe, expect, it } from 'vitest';
import { holidayCalendar } from '../../src/domain/calendar/holiday-calendar.js';
import { DEFAULT_CADENCE } from '../../src/domain/calendar/meeting-cadence.js';
import { branchDigest, type BranchDigestInput, type DigestActivity, type DigestCheckIn, type DigestMember } from '../../src/domain/digest/branch-digest.js';
import type { ActivityKind } from '../../src/domain/vocabulary.js';
import { packageHolidayYears } from '../../src/reminders/package-holidays.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const calendar = holidayCalendar(packageHolidayYears());

function member(id: number, name: string, rest: Partial<DigestMember> = {}): DigestMember {
  return { id, name, status: 'full', joinedAt: '2010-03-01', probationStartedAt: null, exempt: false, joinedBranchOn: null, leftAt: null, ...rest };
}

function act(id: number, kind: ActivityKind, local: string): DigestActivity {
  const startsAt = sh(local);
  return { id, kind, status: 'scheduled', title: kind, startsAt, checkInClosesAt: new Date(startsAt.getTime() + 8 * 3600_000) };
}

function input(over: Partial<BranchDigestInput>): BranchDigestInput {
  return {
    branchName: '第一党支部', now: sh('2026-12-07T09:00'), zone: 'Asia/Shanghai', members: [], activities: [], checkIns: [], duesRecords: [],
    duesTrackingStart: '2026-06', cadence: DEFAULT_CADENCE, termStarted: null, termYears: 3, calendar, hasFixedDays: false, ...over,
  };
}

const present = (activityId: number, memberId: number): DigestCheckIn => ({ activityId, memberId, status: 'present', leaveDecision: null });

describe('the branch digest (pure)', () => {
  it('volunteer service counts neither for attendance nor for the trend, but keeps the branch from being silent', () => {
    const members = [member(1, '甲'), member(2, '乙')];
    const activities = [act(1, 'party_day', '2026-11-06T15:00'), act(2, 'volunteer_service', '2026-11-28T09:00'), act(3, 'group_meeting', '2026-12-20T15:00')];
    const d = branchDigest(input({ members, activities, checkIns: [present(1, 1), present(2, 2)] }));
    expect(d.lastActivity?.id).toBe(1);
    expect(d.lastActivity?.attendance).toMatchObject({ present: ['甲'], absent: ['乙'], expected: 2, attended: 1, rate: 0.5 });
    expect(d.trend).toEqual([{ label: '11月6日', rate: 0.5 }]);
    expect(d.nextActivity?.id).toBe(3);
    expect(d.lastActivityAt).toEqual(sh('2026-11-28T09:00'));
    expect(d.isSilent).toBe(false);
    expect(d.cadence.find((c) => c.kind === 'group_meeting')).toEqual({ kind: 'group_meeting', periodZh: '12月', state: 'planned', date: '2026-12-20' });
  });

  it('a run of months without attendance skips months without activities and stops at leave', () => {
    const members = [member(1, '甲'), member(2, '乙'), member(3, '丙', { exempt: true })];
    // Activities in July, August, October, November and December: none in September.
    const activities = ['2026-07-03', '2026-08-07', '2026-10-02', '2026-11-06', '2026-12-04'].map((d, i) => act(i + 1, 'party_day', `${d}T15:00`));
    const checkIns: DigestCheckIn[] = [present(1, 1), present(1, 2), { activityId: 4, memberId: 2, status: 'leave', leaveDecision: 'pending' }];
    const d = branchDigest(input({ members, activities, checkIns, duesTrackingStart: '2026-12' }));
    expect(d.silentMembers).toEqual([{ name: '甲', months: 4, isAtLeast: false, lastAttended: '2026-07-03' }]);
    // Attendance read from August on: 甲's run reaches back beyond it.
    const windowed = branchDigest(input({ members, activities: activities.slice(1), checkIns: checkIns.filter((c) => c.activityId !== 1), attendanceSince: sh('2026-08-01T00:00'), duesTrackingStart: '2026-12' }));
    expect(windowed.silentMembers).toEqual([{ name: '甲', months: 4, isAtLeast: true, lastAttended: null }]);
    expect(d.followUps).toEqual([{ name: '甲', reasons: ['连续 4 个月未参加活动', '上次活动缺席'] }]);
  });

  it('dues: paid, pending and unpaid this month; arrears before it, never before tracking or admission', () => {
    const members = [member(1, '甲'), member(2, '乙'), member(3, '丙', { joinedAt: '2026-12-01', status: 'probationary' }), member(4, '丁', { status: 'activist' })];
    const duesRecords = [
      ...['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((month) => ({ memberId: 1, month, status: 'confirmed' as const })),
      { memberId: 1, month: '2026-12', status: 'reported' as const },
      { memberId: 2, month: '2026-09', status: 'confirmed' as const },
      { memberId: 2, month: '2026-10', status: 'unpaid' as const },
    ];
    const d = branchDigest(input({ members, duesRecords }));
    expect(d.dues).toEqual({ month: '2026-12', paid: [], pending: ['甲'], unpaid: ['乙', '丙'], arrears: [{ name: '乙', months: 2, since: '2026-10' }] });
    expect(d.followUps).toEqual([{ name: '乙', reasons: ['欠缴党费 2 个月'] }]);
  });

  it('birthdays this month, probation within 60 days (or past), the term within 3 months, a missing holiday year', () => {
    const members = [
      member(1, '甲', { joinedAt: '2016-12-10' }),
      member(2, '乙', { joinedAt: '2026-12-01' }), // admitted this month: no birthday yet
      member(3, '丙', { status: 'probationary', joinedAt: '2026-01-20', probationStartedAt: '2026-01-20' }),
      member(4, '丁', { status: 'probationary', joinedAt: '2025-11-30', probationStartedAt: '2025-11-30' }),
      member(5, '戊', { status: 'probationary', joinedAt: '2026-06-01', probationStartedAt: '2026-06-01' }),
    ];
    const d = branchDigest(input({ members, termStarted: '2024-03-01', hasFixedDays: true }));
    expect(d.birthdays).toEqual([{ name: '甲', date: '2026-12-10', years: 10 }]);
    expect(d.probation).toEqual([{ name: '丁', endsOn: '2026-11-30', daysLeft: -7 }, { name: '丙', endsOn: '2027-01-20', daysLeft: 44 }]);
    expect(d.term).toEqual({ endsOn: '2027-03-01', daysLeft: 84 });
    expect(d.missingHolidayYears).toEqual([2027]);
    expect(branchDigest(input({ termStarted: '2025-03-01' })).term).toBeNull();
    // Every regular meeting missing (6), and 丁's probation over: 7 items overdue.
    expect(d.overdueCount).toBe(7);
  });
});
