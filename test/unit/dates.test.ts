import { describe, expect, it } from 'vitest';
import { formatDateTimeZh, instantOf, localDate, parseIsoDate, parseTimeOfDay } from '../../src/domain/dates.js';

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
