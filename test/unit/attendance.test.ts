import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityAttendance, countOwnAttendance, formatRate, formatTurnout, memberAttendanceStates,
  type AttendanceActivity, type AttendanceMark, type MembershipRecord,
} from '../../src/domain/attendance.js';

const ZONE = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
/** An activity at 15:00 local on `day`, open until the end of that day. */
const activityOn = (id: number, day: string): AttendanceActivity => ({ id, startsAt: sh(`${day}T15:00`), checkInClosesAt: sh(`${day}T23:59`) });
const person = (id: number, name: string, rest: Partial<MembershipRecord> = {}): MembershipRecord =>
  ({ id, name, status: 'full', joinedAt: '2010-07-01', joinedBranchOn: null, leftAt: null, exempt: false, ...rest });
const mark = (memberId: number, status: AttendanceMark['status'], leaveDecision: AttendanceMark['leaveDecision'] = null): AttendanceMark => ({ memberId, status, leaveDecision });
const names = (list: { name: string }[]) => list.map((p) => p.name);
const AFTER = sh('2026-12-10T09:00');

describe('the attendance model', () => {
  it('sorts those expected by their marks and rates attended over expected', () => {
    const members = ['甲', '乙', '丙', '丁', '戊', '己'].map((name, i) => person(i + 1, name));
    const a = activityAttendance(activityOn(1, '2026-12-04'), members, [
      mark(1, 'present'), mark(2, 'late'), mark(3, 'leave', 'approved'), mark(4, 'leave', 'pending'), mark(5, 'leave', 'rejected'),
    ], AFTER, ZONE);
    expect([names(a.present), names(a.late), names(a.excused), names(a.leavePending), names(a.absent)]).toEqual([['甲'], ['乙'], ['丙'], ['丁'], ['戊', '己']]);
    expect([a.expected, a.attended]).toEqual([5, 2]);
    expect(formatRate(a.rate)).toBe('40%');
  });

  it('expects members by their joined and left dates, never by when the row was made (补录 of a meeting before zhibu)', () => {
    const members = [
      person(1, '老党员'),
      person(2, '新转入', { joinedBranchOn: '2026-12-05' }),
      person(3, '新党员', { joinedAt: '2026-12-05', status: 'probationary' }),
      person(4, '已转出', { leftAt: sh('2026-12-01T10:00') }),
      person(5, '后转出', { leftAt: sh('2026-12-08T10:00') }),
    ];
    const a = activityOn(1, '2026-12-04');
    expect(names(activityAttendance(a, members, [], AFTER, ZONE).absent)).toEqual(['老党员', '后转出']);
  });

  it('expects full and probationary members only: activists and candidates are not 应到', () => {
    const members = [person(1, '正式'), person(2, '预备', { status: 'probationary' }), person(3, '积极分子', { status: 'activist' }), person(4, '发展对象', { status: 'candidate' }), person(5, '申请人', { status: 'applicant' })];
    const a = activityAttendance(activityOn(1, '2026-12-04'), members, [mark(3, 'present')], AFTER, ZONE);
    expect([a.expected, names(a.absent), names(a.present)]).toEqual([2, ['正式', '预备'], []]);
  });

  it('keeps exempt members who did not come apart and out of 应到; one who came counts', () => {
    const members = [person(1, '甲'), person(2, '乙', { exempt: true }), person(3, '丙', { exempt: true })];
    const a = activityAttendance(activityOn(1, '2026-12-04'), members, [mark(3, 'present')], AFTER, ZONE);
    expect([names(a.exemptAbsent), names(a.present), names(a.absent), a.expected]).toEqual([['乙'], ['丙'], ['甲'], 2]);
  });

  it('says "not yet" while the activity is open, and "absent" only once it is over', () => {
    const members = [person(1, '甲'), person(2, '乙')];
    const a = activityOn(1, '2026-12-04');
    const open = activityAttendance(a, members, [mark(1, 'present')], sh('2026-12-04T16:00'), ZONE);
    expect([names(open.notYet), open.absent, open.isOpen, open.expected]).toEqual([['乙'], [], true, 2]);
    const over = activityAttendance(a, members, [mark(1, 'present')], sh('2026-12-05T00:00'), ZONE);
    expect([over.notYet, names(over.absent), over.isOpen]).toEqual([[], ['乙'], false]);
  });

  it('leaves out someone removed while the activity was open unless they came', () => {
    const removed = sh('2026-12-04T16:00');
    const members = [person(1, '甲', { leftAt: removed }), person(2, '乙', { leftAt: removed }), person(3, '丙')];
    const a = activityAttendance(activityOn(1, '2026-12-04'), members, [mark(2, 'present')], AFTER, ZONE);
    expect([names(a.present), names(a.absent), a.expected]).toEqual([['乙'], ['丙'], 2]);
  });

  it('has no rate when nobody was expected, and says so in words, never 100%', () => {
    const a = activityAttendance(activityOn(1, '2026-12-04'), [person(1, '甲', { status: 'activist' })], [], AFTER, ZONE);
    expect(a.rate).toBeNull();
    expect(formatRate(a.rate)).toBe('无应到人员');
    expect(formatTurnout(a)).toBe('应到 0 人，实到 0 人，无应到人员，不计出席率');
    expect(formatTurnout(activityAttendance(activityOn(1, '2026-12-04'), [person(1, '甲')], [mark(1, 'late')], AFTER, ZONE))).toBe('应到 1 人，实到 1 人，出席率 100%');
  });

  it('one member\'s own counts are their states in each activity\'s attendance (property)', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`);
    const memberArb = fc.record({
      status: fc.constantFrom('full', 'probationary', 'activist'), exempt: fc.boolean(),
      joinedAt: fc.option(day, { nil: null }), joinedBranchOn: fc.option(day, { nil: null }), leftOn: fc.option(day, { nil: null }),
    });
    const markArb = fc.option(fc.constantFrom<[AttendanceMark['status'], AttendanceMark['leaveDecision']]>(['present', null], ['late', null], ['leave', 'pending'], ['leave', 'approved'], ['leave', 'rejected']), { nil: null });
    fc.assert(fc.property(fc.array(memberArb, { minLength: 1, maxLength: 6 }), fc.array(day, { minLength: 1, maxLength: 5 }), fc.array(fc.array(markArb, { minLength: 6, maxLength: 6 }), { minLength: 5, maxLength: 5 }), day, (ms, days, markRows, today) => {
      const members = ms.map((m, i) => person(i + 1, `人${i + 1}`, { status: m.status as MembershipRecord['status'], exempt: m.exempt, joinedAt: m.joinedAt, joinedBranchOn: m.joinedBranchOn, leftAt: m.leftOn ? sh(`${m.leftOn}T12:00`) : null }));
      const activities = days.map((d, i) => activityOn(i + 1, d));
      const marks = activities.map((a, i) => members.flatMap((m, j) => {
        const kind = markRows[i]?.[j];
        return kind ? [mark(m.id, kind[0], kind[1])] : [];
      }));
      const now = sh(`${today}T18:00`);
      const views = activities.map((a, i) => activityAttendance(a, members, marks[i] ?? [], now, ZONE));
      for (const m of members) {
        const own = countOwnAttendance(memberAttendanceStates(m, activities, (id) => marks[id - 1]?.find((k) => k.memberId === m.id), now, ZONE));
        const inViews = (pick: (v: (typeof views)[number]) => { id: number }[]) => views.filter((v) => pick(v).some((p) => p.id === m.id)).length;
        expect(own).toEqual({
          present: inViews((v) => v.present), late: inViews((v) => v.late), excused: inViews((v) => v.excused), leave_pending: inViews((v) => v.leavePending),
          absent: inViews((v) => v.absent), not_yet: inViews((v) => v.notYet), exempt_absent: inViews((v) => v.exemptAbsent),
        });
      }
      for (const v of views) expect(v.expected).toBe(v.present.length + v.late.length + v.leavePending.length + v.absent.length + v.notYet.length);
    }), { numRuns: 200 });
  });
});
