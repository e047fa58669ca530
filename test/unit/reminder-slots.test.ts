import { describe, expect, it } from 'vitest';
import { readBranchSettings } from '../../src/domain/branch-settings.js';
import { holidayCalendar } from '../../src/domain/calendar/holiday-calendar.js';
import { isRecordOverdue, reminderSlots, type PartyDayFact } from '../../src/domain/reminders/reminder-slots.js';
import { packageHolidayYears } from '../../src/reminders/package-holidays.js';

const calendar = holidayCalendar(packageHolidayYears());
const sh = (local: string) => new Date(`${local}+08:00`);
const partyDay = (startsAt: Date): PartyDayFact => ({ id: 7, title: '12月主题党日', place: null, startsAt, checkInOpensAt: startsAt, lateAfter: startsAt });

function slotsOf(stored: Record<string, unknown>, from: Date, to: Date, partyDays: PartyDayFact[] = []) {
  const settings = readBranchSettings(stored, 'Asia/Shanghai');
  return reminderSlots({ from, to, settings, calendar, partyDays }).map((s) => `${s.dueAt.toISOString()} ${s.kind} ${s.occurrence}`);
}

describe('reminder slots: what a branch has to say, and when', () => {
  it('a Monday that is also the (moved) dues day, with a party day on Friday', () => {
    const settings = { partyDay: 'first friday 15:00', duesDay: 5, termStarted: '2024-03-07' };
    expect(slotsOf(settings, sh('2026-12-06T23:59'), sh('2026-12-07T23:59'))).toEqual([
      '2026-12-07T01:00:00.000Z birthdays 2026-12-07',
      '2026-12-07T01:00:00.000Z probation 2026-12-07',
      '2026-12-07T01:00:00.000Z digest 2026-12-07',
      '2026-12-07T01:00:00.000Z term_election 2027-03-07:3m',
      '2026-12-07T01:00:00.000Z dues_day 2026-12',
    ]);
    expect(slotsOf(settings, sh('2026-12-10T00:00'), sh('2026-12-10T23:59'))).toContain('2026-12-10T01:00:00.000Z dues_follow_up 2026-12');
  });

  it('the dues follow-up counts 3 days from the (moved) dues day and moves off a day off itself', () => {
    const duesOnly = { duesDay: 30, digest: 'off' };
    const kinds = (from: Date, to: Date) => slotsOf(duesOnly, from, to).filter((s) => s.includes('dues'));
    // 30 September is a Wednesday; 3 October falls in the National Day holiday.
    expect(kinds(sh('2026-09-30T00:00'), sh('2026-10-10T23:59'))).toEqual([
      '2026-09-30T01:00:00.000Z dues_day 2026-09',
      '2026-10-08T01:00:00.000Z dues_follow_up 2026-09',
    ]);
  });

  it('in a year without holiday data (2027) weekends are still days off: Sunday dues day and follow-up move to Monday', () => {
    const on = (duesDay: number, from: Date, to: Date) =>
      slotsOf({ duesDay, digest: 'off' }, from, to).filter((s) => s.includes('dues'));
    // Thursday 31 December 2026 + 3 = Sunday 3 January 2027.
    expect(on(31, sh('2027-01-01T00:00'), sh('2027-01-05T23:59'))).toEqual(['2027-01-04T01:00:00.000Z dues_follow_up 2026-12']);
    // 10 January 2027 is a Sunday; 31 January too.
    expect(on(10, sh('2027-01-09T00:00'), sh('2027-01-11T23:59'))).toEqual(['2027-01-11T01:00:00.000Z dues_day 2027-01']);
    expect(on(31, sh('2027-01-30T00:00'), sh('2027-02-01T23:59'))).toEqual(['2027-02-01T01:00:00.000Z dues_day 2027-01']);
  });

  it('a party day: the eve at 18:00, the morning at 08:30, the nudge at the start', () => {
    const slots = slotsOf({ digest: 'off' }, sh('2026-12-03T12:00'), sh('2026-12-04T23:00'), [partyDay(sh('2026-12-04T15:00'))]).filter((s) => s.includes('party_day'));
    expect(slots).toEqual([
      '2026-12-03T10:00:00.000Z party_day_eve activity-7@2026-12-04T15:00',
      '2026-12-04T00:30:00.000Z party_day_morning activity-7@2026-12-04T15:00',
      '2026-12-04T07:00:00.000Z party_day_start activity-7@2026-12-04T15:00',
    ]);
  });

  it('the window is half-open: what was planned at "from" is not planned again', () => {
    expect(slotsOf({ digest: 'off' }, sh('2026-12-07T09:00'), sh('2026-12-07T10:00'))).toEqual([]);
    expect(slotsOf({ digest: 'off' }, sh('2026-12-07T08:59'), sh('2026-12-07T09:00'))).toHaveLength(2);
  });

  it('turned-off reminders have no slots', () => {
    expect(slotsOf({ digest: 'off', reminders: { birthday: false, probation: false } }, sh('2026-12-06T23:59'), sh('2026-12-07T23:59'))).toEqual([]);
  });

  it('the local day decides, not the UTC day: at UTC midnight Shanghai is already at 08:00', () => {
    // 2026-12-10T00:00Z is 08:00 in Shanghai: nothing of the 10th is due yet, and nothing of the 9th is left.
    expect(slotsOf({ digest: 'off' }, new Date('2026-12-09T23:00:00Z'), new Date('2026-12-10T00:59:00Z'))).toEqual([]);
    expect(slotsOf({ digest: 'off' }, new Date('2026-12-09T23:00:00Z'), new Date('2026-12-10T01:00:00Z'))).toEqual([
      '2026-12-10T01:00:00.000Z birthdays 2026-12-10',
      '2026-12-10T01:00:00.000Z probation 2026-12-10',
    ]);
  });

  it('a branch in Berlin hears at 09:00 Berlin time', () => {
    const settings = readBranchSettings({ timezone: 'Europe/Berlin', digest: 'off' }, 'Asia/Shanghai');
    const slots = reminderSlots({ from: new Date('2026-12-10T00:00:00Z'), to: new Date('2026-12-10T23:00:00Z'), settings, calendar, partyDays: [] });
    expect(slots.map((s) => [s.kind, s.date, s.dueAt.toISOString()])).toEqual([
      ['birthdays', '2026-12-10', '2026-12-10T08:00:00.000Z'],
      ['probation', '2026-12-10', '2026-12-10T08:00:00.000Z'],
    ]);
  });
});

describe('isRecordOverdue: the one rule of the record reminders and the digest', () => {
  const meeting = { kind: 'committee_meeting' as const, status: 'scheduled' as const, startsAt: sh('2026-12-04T23:30') };
  const zone = 'Asia/Shanghai';

  it('owed from 09:00 on the local day after, while it has no content', () => {
    expect(isRecordOverdue(meeting, null, zone, sh('2026-12-05T08:59'))).toBe(false);
    expect(isRecordOverdue(meeting, null, zone, sh('2026-12-05T09:00'))).toBe(true);
    expect(isRecordOverdue(meeting, { content: '  \n ' }, zone, sh('2026-12-09T09:00'))).toBe(true);
    expect(isRecordOverdue(meeting, { content: '一、学习党章。' }, zone, sh('2026-12-09T09:00'))).toBe(false);
  });

  it('the day after is counted in the branch\'s zone', () => {
    // 2026-12-04T23:30+08:00 is 16:30 on the 4th in Berlin: its day after starts on the 5th there too.
    expect(isRecordOverdue(meeting, null, 'Europe/Berlin', new Date('2026-12-05T08:59:00+01:00'))).toBe(false);
    expect(isRecordOverdue(meeting, null, 'Europe/Berlin', new Date('2026-12-05T09:00:00+01:00'))).toBe(true);
  });

  it('volunteer service and cancelled activities never owe one', () => {
    expect(isRecordOverdue({ ...meeting, kind: 'volunteer_service' }, null, zone, sh('2026-12-09T09:00'))).toBe(false);
    expect(isRecordOverdue({ ...meeting, status: 'cancelled' }, null, zone, sh('2026-12-09T09:00'))).toBe(false);
  });
});
