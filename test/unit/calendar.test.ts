import { describe, expect, it } from 'vitest';
import { dayInfo, holidayCalendar } from '../../src/domain/calendar/holiday-calendar.js';
import { duesDayOf } from '../../src/domain/calendar/dues-day.js';
import { partyDayOf, shiftNotes } from '../../src/domain/calendar/party-day.js';
import { describePartyDayRule, formatPartyDayRule, parsePartyDayRule, ruleDate, type PartyDayRule } from '../../src/domain/calendar/party-day-rule.js';
import { shiftToWorkday } from '../../src/domain/calendar/workday-shift.js';
import { packageHolidayYears } from '../../src/reminders/package-holidays.js';

const calendar = holidayCalendar(packageHolidayYears());
const rule = (text: string): PartyDayRule => {
  const parsed = parsePartyDayRule(text);
  if (!parsed) throw new Error(`unreadable rule ${text}`);
  return parsed;
};
const months2026 = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

describe('the holiday calendar', () => {
  it('covers the years chinese-days ships, and no later one', () => {
    expect(dayInfo(calendar, '2026-10-02')).toMatchObject({ isWorkday: false, isCovered: true, holidayName: '国庆节' });
    expect(dayInfo(calendar, '2027-01-01')).toEqual({ date: '2027-01-01', isWorkday: true, isCovered: false, isMakeUpWorkday: false });
  });

  it.each(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])('2026 make-up workday %s is a workday', (date) => {
    expect(dayInfo(calendar, date)).toMatchObject({ isWorkday: true, isMakeUpWorkday: true, isCovered: true });
  });

  it('an ordinary Saturday is a day off, an ordinary Friday a workday', () => {
    expect(dayInfo(calendar, '2026-03-07').isWorkday).toBe(false);
    expect(dayInfo(calendar, '2026-03-06').isWorkday).toBe(true);
  });
});

describe('the first Friday of each month of 2026, 15:00 in Shanghai', () => {
  const table: [string, string, string | undefined][] = [
    ['2026-01', '2026-01-04', '元旦'], // 2 January is New Year; Sunday 4 January is a make-up workday
    ['2026-02', '2026-02-06', undefined],
    ['2026-03', '2026-03-06', undefined],
    ['2026-04', '2026-04-03', undefined],
    ['2026-05', '2026-05-06', '劳动节'],
    ['2026-06', '2026-06-05', undefined],
    ['2026-07', '2026-07-03', undefined],
    ['2026-08', '2026-08-07', undefined],
    ['2026-09', '2026-09-04', undefined],
    ['2026-10', '2026-10-08', '国庆节'], // 2 October falls in the National Day holiday
    ['2026-11', '2026-11-06', undefined],
    ['2026-12', '2026-12-04', undefined],
  ];
  it.each(table)('%s: %s', (month, date, holiday) => {
    const day = partyDayOf(month, rule('first friday 15:00'), 'next_workday', calendar, 'Asia/Shanghai');
    expect(day.date).toBe(date);
    expect(day.dayOffName).toBe(holiday);
    expect(day.crossesMonth).toBe(false);
    expect(day.isCalendarMissing).toBe(false);
    expect(day.startsAt.toISOString()).toBe(`${date}T07:00:00.000Z`);
  });

  it('moved to the previous workday, January, May and October cross into the month before, and say so', () => {
    const days = months2026.map((m) => partyDayOf(m, rule('first friday 15:00'), 'previous_workday', calendar, 'Asia/Shanghai'));
    expect(days.filter((d) => d.date !== d.plannedDate).map((d) => [d.plannedDate, d.date, d.crossesMonth])).toEqual([
      ['2026-01-02', '2025-12-31', true],
      ['2026-05-01', '2026-04-30', true],
      ['2026-10-02', '2026-09-30', true],
    ]);
    expect(shiftNotes(partyDayOf('2026-10', rule('first friday 15:00'), 'previous_workday', calendar, 'Asia/Shanghai'))).toEqual([
      '10月2日（周五）逢国庆节，调整到9月30日（周三）。',
      '注意：调整后的日期已跨到另一个月，请确认是否合适，可用 /activity move 改期。',
    ]);
  });

  it('with shift=none, stays on the holiday and says so', () => {
    const day = partyDayOf('2026-10', rule('每月第一个星期五 15:00'), 'none', calendar, 'Asia/Shanghai');
    expect([day.date, day.dayOffName]).toEqual(['2026-10-02', '国庆节']);
    expect(shiftNotes(day)).toEqual(['10月2日（周五）逢国庆节，按设置不作调整。']);
  });
});

describe('other rules and month ends', () => {
  it('the last Friday of 2026: the Mid-Autumn Festival moves September to Monday the 28th', () => {
    const dates = months2026.map((m) => partyDayOf(m, rule('last friday 15:00'), 'next_workday', calendar, 'Asia/Shanghai').date);
    expect(dates).toEqual(['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24', '2026-05-29', '2026-06-26', '2026-07-31', '2026-08-28', '2026-09-28', '2026-10-30', '2026-11-27', '2026-12-25']);
  });

  it('day 31 is the last day of shorter months; 28 February 2026 is a make-up workday and stays', () => {
    const days = months2026.map((m) => partyDayOf(m, rule('day 31 09:00'), 'next_workday', calendar, 'Asia/Shanghai'));
    expect(days.map((d) => d.date)).toEqual([
      '2026-02-02', // 31 January is a Saturday
      '2026-02-28', '2026-03-31', '2026-04-30',
      '2026-06-01', // 31 May is a Sunday
      '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30',
      '2026-11-02', // 31 October is a Saturday
      '2026-11-30', '2026-12-31',
    ]);
    expect(days.filter((d) => d.crossesMonth).map((d) => d.month)).toEqual(['2026-01', '2026-05', '2026-10']);
  });

  it('day 29 and day 30 in February: the 28th in a common year, the 29th in a leap year', () => {
    expect(ruleDate(rule('day 29 09:00'), '2026-02')).toBe('2026-02-28');
    expect(ruleDate(rule('day 30 09:00'), '2024-02')).toBe('2024-02-29');
    expect(partyDayOf('2024-02', rule('day 30 09:00'), 'next_workday', calendar, 'Asia/Shanghai').date).toBe('2024-02-29');
  });

  it('the dues day moves off weekends and holidays too', () => {
    expect(duesDayOf('2026-12', 5, 'next_workday', calendar).date).toBe('2026-12-07');
    expect(duesDayOf('2026-10', 5, 'next_workday', calendar)).toMatchObject({ date: '2026-10-08', dayOffName: '国庆节' });
    expect(duesDayOf('2026-02', 31, 'next_workday', calendar).date).toBe('2026-02-28');
  });
});

describe('a year nobody has covered yet (2027): weekends known, holidays not', () => {
  const assumed = (date: string) => `2027年的节假日安排尚未导入，暂按周一至周五为工作日安排；导入后，${date}可能还会变动。请管理员导入当年节假日安排（zhibu holidays import）。`;

  it('a weekday stays where the rule puts it, flagged: it may still be a public holiday', () => {
    const day = partyDayOf('2027-01', rule('first friday 15:00'), 'next_workday', calendar, 'Asia/Shanghai');
    expect(day).toMatchObject({ date: '2027-01-01', plannedDate: '2027-01-01', isCalendarMissing: true, assumedYears: [2027], crossesMonth: false });
    expect(day.dayOffName).toBeUndefined();
    expect(shiftNotes(day)).toEqual([assumed('1月1日（周五）')]);
  });

  it('a party day on Sunday 10 January moves to Monday, with the warning naming the new day', () => {
    const day = partyDayOf('2027-01', rule('每月10日 15:00'), 'next_workday', calendar, 'Asia/Shanghai');
    expect(day).toMatchObject({ date: '2027-01-11', plannedDate: '2027-01-10', dayOffName: '周末', isCalendarMissing: true });
    expect(day.startsAt.toISOString()).toBe('2027-01-11T07:00:00.000Z');
    expect(shiftNotes(day)).toEqual(['1月10日（周日）逢周末，调整到1月11日（周一）。', assumed('1月11日（周一）')]);
  });

  it('a dues day on Sunday 31 January moves to Monday 1 February, and says so', () => {
    const day = duesDayOf('2027-01', 31, 'next_workday', calendar);
    expect(day).toMatchObject({ date: '2027-02-01', plannedDate: '2027-01-31', dayOffName: '周末', isCalendarMissing: true, crossesMonth: true });
    expect(shiftNotes(day)).toContain(assumed('2月1日（周一）'));
  });

  it('the previous workday and shift=none work as in covered years', () => {
    expect(duesDayOf('2027-01', 10, 'previous_workday', calendar)).toMatchObject({ date: '2027-01-08', isCalendarMissing: true });
    const kept = duesDayOf('2027-01', 10, 'none', calendar);
    expect(kept).toMatchObject({ date: '2027-01-10', dayOffName: '周末', isCalendarMissing: true });
    expect(shiftNotes(kept)).toEqual(['1月10日（周日）逢周末，按设置不作调整。', assumed('1月10日（周日）')]);
  });

  it('a shift from a covered holiday runs on into it, Monday to Friday, and is flagged', () => {
    const lateHoliday = holidayCalendar([{ year: 2026, holidays: { '2026-12-31': '测试' }, workdays: {}, source: 'test' }]);
    expect(shiftToWorkday('2026-12-31', 'next_workday', lateHoliday)).toMatchObject({ date: '2027-01-01', isCalendarMissing: true, assumedYears: [2027], dayOffName: '测试' });
    expect(shiftToWorkday('2026-12-30', 'next_workday', lateHoliday)).toMatchObject({ date: '2026-12-30', isCalendarMissing: false, assumedYears: [] });
  });

  it('an imported year is covered: its holidays move the day, and no warning is left', () => {
    const imported = holidayCalendar([...packageHolidayYears(), { year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: { '2027-01-10': '元旦' }, source: '国办发明电' }]);
    expect(partyDayOf('2027-01', rule('first friday 15:00'), 'next_workday', imported, 'Asia/Shanghai')).toMatchObject({ date: '2027-01-04', isCalendarMissing: false });
    const madeUp = partyDayOf('2027-01', rule('每月10日 15:00'), 'next_workday', imported, 'Asia/Shanghai');
    expect(madeUp).toMatchObject({ date: '2027-01-10', isCalendarMissing: false });
    expect(shiftNotes(madeUp)).toEqual([]);
  });
});

describe('a branch in another time zone', () => {
  it('holds its party day at 15:00 on its own clock, summer and winter', () => {
    const berlin = (month: string) => partyDayOf(month, rule('first friday 15:00'), 'next_workday', calendar, 'Europe/Berlin').startsAt.toISOString();
    expect(berlin('2026-07')).toBe('2026-07-03T13:00:00.000Z');
    expect(berlin('2026-12')).toBe('2026-12-04T14:00:00.000Z');
  });
});

describe('reading party-day rules', () => {
  it.each([
    ['first friday 15:00', '每月第一个星期五 15:00', 'first friday 15:00'],
    ['Last Friday 15:00', '每月最后一个星期五 15:00', 'last friday 15:00'],
    ['2nd tue 9:30', '每月第二个星期二 09:30', 'second tuesday 09:30'],
    ['day 15 09:00', '每月15日 09:00', 'day 15 09:00'],
    ['每月第一个星期五 15:00', '每月第一个星期五 15:00', 'first friday 15:00'],
    ['每月最后一个周五 15：00', '每月最后一个星期五 15:00', 'last friday 15:00'],
    ['每月15日 09:00', '每月15日 09:00', 'day 15 09:00'],
    ['每月15号9:00', '每月15日 09:00', 'day 15 09:00'],
    ['第3个周四 14:30', '每月第三个星期四 14:30', 'third thursday 14:30'],
  ])('%j', (text, zh, stored) => {
    const parsed = rule(text);
    expect(describePartyDayRule(parsed)).toBe(zh);
    expect(formatPartyDayRule(parsed)).toBe(stored);
    expect(parsePartyDayRule(stored)).toEqual(parsed);
  });

  it.each(['', 'friday', 'first funday 15:00', 'fifth friday 15:00', 'day 32 09:00', 'day 0 09:00', 'first friday 25:00', 'first friday', '每月第五个星期五 15:00', '每月32日 09:00'])('refuses %j', (text) => {
    expect(parsePartyDayRule(text)).toBeUndefined();
  });
});
