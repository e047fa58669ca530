import { describe, expect, it } from 'vitest';
import { countOwnAttendance, formatRate, summarizeAttendance } from '../../src/domain/attendance.js';

const roster = ['甲', '乙', '丙', '丁', '戊', '己'].map((name, i) => ({ id: i + 1, name }));

describe('summarizeAttendance', () => {
  it('sorts the roster and counts the rate over those expected', () => {
    const summary = summarizeAttendance(roster, [
      { memberId: 1, status: 'present', leaveDecision: null },
      { memberId: 2, status: 'late', leaveDecision: null },
      { memberId: 3, status: 'leave', leaveDecision: 'approved' },
      { memberId: 4, status: 'leave', leaveDecision: 'pending' },
      { memberId: 5, status: 'leave', leaveDecision: 'rejected' },
    ]);
    expect(summary.present.map((p) => p.name)).toEqual(['甲']);
    expect(summary.late.map((p) => p.name)).toEqual(['乙']);
    expect(summary.excused.map((p) => p.name)).toEqual(['丙']);
    expect(summary.leavePending.map((p) => p.name)).toEqual(['丁']);
    expect(summary.absent.map((p) => p.name)).toEqual(['戊', '己']);
    expect(summary.rate).toBeCloseTo(2 / 5);
    expect(formatRate(summary.rate)).toBe('40%');
  });

  it('ignores marks of people not on the roster and rates an all-excused activity as full', () => {
    const summary = summarizeAttendance([{ id: 1, name: '甲' }], [
      { memberId: 1, status: 'leave', leaveDecision: 'approved' },
      { memberId: 99, status: 'present', leaveDecision: null },
    ]);
    expect(summary.present).toEqual([]);
    expect(summary.rate).toBe(1);
  });
});

describe('exempt members', () => {
  it('an exempt member who did not come is shown apart and not expected; one who came counts', () => {
    const summary = summarizeAttendance([{ id: 1, name: '甲' }, { id: 2, name: '乙', isExempt: true }, { id: 3, name: '丙', isExempt: true }], [
      { memberId: 1, status: 'present', leaveDecision: null },
      { memberId: 3, status: 'late', leaveDecision: null },
    ]);
    expect(summary.absent).toEqual([]);
    expect(summary.absentExempt.map((p) => p.name)).toEqual(['乙']);
    expect(summary.late.map((p) => p.name)).toEqual(['丙']);
    expect(summary.rate).toBe(1);
  });
});

describe('countOwnAttendance', () => {
  const closed = new Date('2026-06-01T00:00:00Z');
  const open = new Date('2026-12-31T00:00:00Z');
  const now = new Date('2026-12-01T00:00:00Z');
  it('counts one member\'s marks; an activity still open without a mark is not an absence', () => {
    expect(countOwnAttendance([
      { closesAt: closed, mark: { status: 'present', leaveDecision: null } },
      { closesAt: closed, mark: { status: 'late', leaveDecision: null } },
      { closesAt: closed, mark: { status: 'leave', leaveDecision: 'approved' } },
      { closesAt: closed, mark: { status: 'leave', leaveDecision: 'rejected' } },
      { closesAt: open, mark: { status: 'leave', leaveDecision: 'pending' } },
      { closesAt: closed },
      { closesAt: open },
    ], now)).toEqual({ present: 1, late: 1, excused: 1, leavePending: 1, absent: 2 });
  });
});
