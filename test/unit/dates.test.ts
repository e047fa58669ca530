import { describe, expect, it } from 'vitest';
import { datesFrom } from '../../src/domain/calendar/calendar-dates.js';
import { formatDateTimeZh, instantOf, isInWindow, localDate, parseIsoDate, parseTimeOfDay } from '../../src/domain/dates.js';
import { monthRange } from '../../src/domain/dues/months.js';
import { parsePeriod } from '../../src/domain/ledger-period.js';

describe('parseIsoDate', () => {
  it.each([['2026-12-04', '2026-12-04'], ['2024-02-29', '2024-02-29']])('accepts %s', (text, date) => {
    expect(parseIsoDate(text)).toBe(date);
  });

  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-4-1', '26-04-01', '2026/04/01', '', 'tomorrow'])('refuses %j', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('parseTimeOfDay', () => {
  it('reads H:mm, HH:mm and the full-width colon', () => {
    expect(parseTimeOfDay('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeOfDay('15：00')).toEqual({ hour: 15, minute: 0 });
  });

  it.each(['24:00', '12:60', '1500', '3pm', ''])('refuses %j', (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined();
  });
});

describe('instants in a branch time zone', () => {
  it('places wall-clock time in the zone, not in UTC', () => {
    expect(instantOf('2026-12-04', { hour: 15, minute: 0 }, 'Asia/Shanghai').toISOString()).toBe('2026-12-04T07:00:00.000Z');
    expect(instantOf('2026-07-03', { hour: 15, minute: 0 }, 'Europe/Berlin').toISOString()).toBe('2026-07-03T13:00:00.000Z');
    expect(instantOf('2026-12-04', { hour: 15, minute: 0 }, 'Europe/Berlin').toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('names the local day, which differs from the UTC day around midnight', () => {
    const instant = new Date('2026-11-30T17:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDate(instant, 'UTC')).toBe('2026-11-30');
  });

  it('writes instants the way people read them', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(formatDateTimeZh(new Date('2026-12-04T07:00:00Z'), 'Asia/Shanghai', now)).toBe('12月4日（周五）15:00');
    // Outside the current year the year is written: a past activity is not misread as this year's.
    expect(formatDateTimeZh(new Date('2020-01-01T07:00:00Z'), 'Asia/Shanghai', now)).toBe('2020年1月1日（周三）15:00');
    expect(formatDateTimeZh(new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai', now)).toBe('2027年1月1日（周五）01:00');
  });
});

describe('date windows and loops over days that end by construction', () => {
  it.each([
    ['1921-01-01', 'joined', true], ['1920-12-31', 'joined', false], ['2100-12-31', 'joined', true], ['2101-01-01', 'joined', false],
    ['2000-01-01', 'schedule', true], ['1999-12-31', 'schedule', false], ['9999-12-31', 'schedule', false], ['0000-01-01', 'joined', false],
  ] as const)('%s in the %s window: %s', (date, window, inside) => {
    expect(isInWindow(date, window)).toBe(inside);
  });

  it('parses ledger periods only inside the schedule window', () => {
    expect(parsePeriod('2026')).toEqual({ kind: 'year', year: 2026 });
    expect(parsePeriod('2026-12')).toEqual({ kind: 'month', month: '2026-12' });
    for (const text of ['0000', '9999', '1999-12', '2101-01']) expect(parsePeriod(text)).toBeUndefined();
  });

  it('counts days and months across the year 10000 instead of comparing strings', () => {
    // "+010000-01-01" sorts before "9999-12-31": a string-compared loop never ended here.
    expect(datesFrom('9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
    expect(datesFrom('9999-12-31', '9999-12-30')).toEqual([]);
    expect(datesFrom('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(monthRange('9999-11', '9999-12')).toEqual(['9999-11', '9999-12']);
    expect(monthRange('2026-12', '2026-11')).toEqual([]);
  });
});
