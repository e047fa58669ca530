import { describe, expect, it } from 'vitest';
import { formatRate, summarizeAttendance } from '../../src/domain/attendance.js';

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
