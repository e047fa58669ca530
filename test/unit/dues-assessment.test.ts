import { describe, expect, it } from 'vitest';
import { assessMonthlyDues, MAX_MONTHLY_FEN } from '../../src/domain/dues/assessment.js';
import { parseDuesCategory } from '../../src/domain/dues/categories.js';
import { formatYuan, parseYuan, splitFen } from '../../src/domain/dues/money.js';
import { readBranchSettings } from '../../src/domain/branch-settings.js';

const yuan = (text: string) => parseYuan(text) ?? Number.NaN;
const assess = (category: Parameters<typeof assessMonthlyDues>[0]['category'], base?: string, rounding?: Parameters<typeof assessMonthlyDues>[0]['rounding']) =>
  formatYuan(assessMonthlyDues({ category, ...(base === undefined ? {} : { baseFen: yuan(base) }), ...(rounding ? { rounding } : {}) }));

describe('monthly dues from a base: the rate applies to the whole base, not marginally', () => {
  it.each([
    ['0.01', '0.00'],
    ['2000.00', '10.00'],
    ['3000.00', '15.00'],
    ['3000.01', '30.00'],
    ['4500.00', '45.00'],
    ['5000.00', '50.00'],
    ['5000.01', '75.00'],
    ['8200.00', '123.00'],
    ['10000.00', '150.00'],
    ['10000.01', '200.00'],
    ['12345.67', '246.91'],
  ])('in service, base %s -> %s', (base, expected) => {
    expect(assess('in_service', base)).toBe(expected);
  });

  it.each([
    ['3000.00', '15.00'],
    ['5000.00', '25.00'],
    ['5000.01', '50.00'],
    ['6543.21', '65.43'],
  ])('retired, base %s -> %s', (base, expected) => {
    expect(assess('retired', base)).toBe(expected);
  });

  it.each([['student'], ['unemployed'], ['relief'], ['farmer']] as const)('%s pays a fixed 0.20 whatever the base', (category) => {
    expect(assess(category)).toBe('0.20');
    expect(assess(category, '8000')).toBe('0.20');
  });

  it('rounds to the fen half up by default, and as the branch sets otherwise', () => {
    // 4321.50 × 1% = 43.215
    expect(assess('in_service', '4321.50')).toBe('43.22');
    expect(assess('in_service', '4321.50', { unit: 'fen', mode: 'down' })).toBe('43.21');
    expect(assess('in_service', '4321.50', { unit: 'jiao', mode: 'half_up' })).toBe('43.20');
    expect(assess('in_service', '4321.50', { unit: 'jiao', mode: 'up' })).toBe('43.30');
    expect(assess('in_service', '4321.50', { unit: 'yuan', mode: 'half_up' })).toBe('43.00');
    expect(assess('in_service', '4350.00', { unit: 'yuan', mode: 'half_up' })).toBe('44.00');
    expect(assess('in_service', '4300.00', { unit: 'yuan', mode: 'up' })).toBe('43.00');
  });

  it('refuses a base that is not a positive number of fen', () => {
    expect(() => assessMonthlyDues({ category: 'in_service' })).toThrow(RangeError);
    expect(() => assessMonthlyDues({ category: 'retired', baseFen: -100 })).toThrow(RangeError);
  });

  it('a base above 50000 gives more than the 1000 yuan monthly ceiling', () => {
    expect(assessMonthlyDues({ category: 'in_service', baseFen: 5_000_100 })).toBeGreaterThan(MAX_MONTHLY_FEN);
  });
});

describe('money and categories', () => {
  it.each([
    ['75', 7500], ['75.5', 7550], ['75.00', 7500], ['￥75', 7500], ['75元', 7500], ['0.2', 20], ['-5', -500], ['0', 0],
  ])('reads %s as %i fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each([['三百五'], ['75.001'], ['1e3'], [''], ['75 元 整'], ['1234567890'], ['NaN']])('does not read %s', (text) => {
    expect(parseYuan(text)).toBeUndefined();
  });

  it('formats fen as yuan and splits a sum over months to the fen', () => {
    expect(formatYuan(7500)).toBe('75.00');
    expect(formatYuan(20)).toBe('0.20');
    expect(formatYuan(-505)).toBe('-5.05');
    expect(splitFen(22500, 3)).toEqual([7500, 7500, 7500]);
    expect(splitFen(10000, 3)).toEqual([3334, 3333, 3333]);
  });

  it('knows the categories by code and Chinese name', () => {
    expect(parseDuesCategory('in_service')).toBe('in_service');
    expect(parseDuesCategory('退休')).toBe('retired');
    expect(parseDuesCategory('低保')).toBe('relief');
    expect(parseDuesCategory('农民')).toBe('farmer');
    expect(parseDuesCategory('boss')).toBeUndefined();
  });

  it('branch settings default to cent rounding and no tracking start, and read stored values', () => {
    expect(readBranchSettings(null, 'Asia/Shanghai')).toMatchObject({ timezone: 'Asia/Shanghai', duesTrackingSince: null, duesRounding: { unit: 'fen', mode: 'half_up' } });
    expect(readBranchSettings({ duesTrackingSince: '2026-01', duesRoundingUnit: 'yuan', duesRoundingMode: 'down' }, 'Asia/Shanghai'))
      .toMatchObject({ duesTrackingSince: '2026-01', duesRounding: { unit: 'yuan', mode: 'down' } });
    expect(readBranchSettings({ duesTrackingSince: '2026-13' }, 'Asia/Shanghai').duesTrackingSince).toBeNull();
  });
});
