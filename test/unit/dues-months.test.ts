import { describe, expect, it } from 'vitest';
import { consecutiveUnpaidMonths } from '../../src/domain/dues/arrears.js';
import { firstDueMonth, unpaidMonths } from '../../src/domain/dues/due-months.js';
import { addMonths, formatMonthsZh, monthAt, parseMonth, quarterEnd } from '../../src/domain/dues/months.js';
import { planPayment, type PaymentSituation } from '../../src/domain/dues/payment-plan.js';
import { duesTrackingStart } from '../../src/domain/dues/tracking.js';

describe('months', () => {
  it('reads real months only', () => {
    expect(parseMonth('2026-12')).toBe('2026-12');
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseMonth('2026-00')).toBeUndefined();
    expect(parseMonth('2026-1')).toBeUndefined();
  });

  it('counts across year boundaries and knows quarters', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-12', -6)).toBe('2026-06');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(quarterEnd('2026-01')).toBe('2026-03');
    expect(quarterEnd('2026-11')).toBe('2026-12');
    expect(quarterEnd('2026-12')).toBe('2026-12');
    expect(formatMonthsZh(['2026-10', '2026-11', '2026-12'])).toBe('2026年10月—12月');
    expect(formatMonthsZh(['2026-12', '2027-01'])).toBe('2026年12月—2027年1月');
    expect(formatMonthsZh(['2026-09', '2026-11'])).toBe('2026年9月、2026年11月');
  });

  it('takes the month in the branch time zone', () => {
    expect(monthAt(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthAt(new Date('2026-11-30T16:30:00Z'), 'Europe/Berlin')).toBe('2026-11');
  });
});

describe('arrears', () => {
  const paid = (...months: string[]) => new Set(months);

  it('counts the unpaid months in a row back from the month given, across the year boundary', () => {
    expect(consecutiveUnpaidMonths({ paidMonths: paid('2026-10'), firstDueMonth: '2026-01', throughMonth: '2027-01' })).toBe(3);
    expect(consecutiveUnpaidMonths({ paidMonths: paid('2027-01'), firstDueMonth: '2026-01', throughMonth: '2027-01' })).toBe(0);
    expect(consecutiveUnpaidMonths({ paidMonths: paid('2026-06', '2026-12'), firstDueMonth: '2026-01', throughMonth: '2027-02' })).toBe(2);
  });

  it('never counts before the first month due (joining or the tracking start)', () => {
    expect(consecutiveUnpaidMonths({ paidMonths: paid(), firstDueMonth: '2026-11', throughMonth: '2027-02' })).toBe(4);
    expect(consecutiveUnpaidMonths({ paidMonths: paid(), firstDueMonth: '2027-03', throughMonth: '2027-02' })).toBe(0);
    expect(consecutiveUnpaidMonths({ paidMonths: paid(), firstDueMonth: '2027-02', throughMonth: '2027-02' })).toBe(1);
  });

  it('lists the unpaid months, oldest first', () => {
    expect(unpaidMonths({ paidMonths: paid('2026-11'), firstDueMonth: '2026-09', throughMonth: '2027-01' })).toEqual(['2026-09', '2026-10', '2026-12', '2027-01']);
    expect(unpaidMonths({ paidMonths: paid(), firstDueMonth: '2027-02', throughMonth: '2027-01' })).toEqual([]);
  });

  it('dues start at joining for full and probationary members, never before the tracking start', () => {
    expect(firstDueMonth({ status: 'full', joinedAt: '2015-06-28' }, '2026-01')).toBe('2026-01');
    expect(firstDueMonth({ status: 'probationary', joinedAt: '2026-03-12' }, '2026-01')).toBe('2026-03');
    expect(firstDueMonth({ status: 'full', joinedAt: null }, '2026-01')).toBe('2026-01');
    expect(firstDueMonth({ status: 'candidate', joinedAt: null }, '2026-01')).toBeUndefined();
  });

  it('tracking starts at the setting, else the month the branch was created in its zone', () => {
    const created = new Date('2026-08-31T17:00:00Z');
    expect(duesTrackingStart({ duesTrackingSince: null, timezone: 'Asia/Shanghai' }, created)).toBe('2026-09');
    expect(duesTrackingStart({ duesTrackingSince: '2026-01', timezone: 'Asia/Shanghai' }, created)).toBe('2026-01');
  });
});

describe('what a reported payment covers', () => {
  const situation: PaymentSituation = { currentMonth: '2026-11', firstDueMonth: '2026-01', paidMonths: new Set(['2026-05', '2026-06', '2026-07', '2026-08']), confirmedMonths: new Set(['2026-05', '2026-06']), monthlyFen: 7500 };
  const plan = (request: Parameters<typeof planPayment>[0], over: Partial<PaymentSituation> = {}) => planPayment(request, { ...situation, ...over });
  const months = (request: Parameters<typeof planPayment>[0], over: Partial<PaymentSituation> = {}) => {
    const result = plan(request, over);
    return result.ok ? result.parts.map((p) => `${p.month}:${p.fen}`) : result.reason;
  };

  it('without an amount, each month at the fixed amount, if there is one', () => {
    expect(months({ firstMonth: '2026-10', count: 2 })).toEqual(['2026-10:7500', '2026-11:7500']);
    expect(months({}, { monthlyFen: null })).toBe('还没有核定每月党费金额，请写上缴纳的金额。');
  });

  it('the current month by default, or the month named', () => {
    expect(months({ amountFen: 7500 })).toEqual(['2026-11:7500']);
    expect(months({ amountFen: 7500, firstMonth: '2026-09' })).toEqual(['2026-09:7500']);
  });

  it('months=N alone takes the oldest unpaid months, up to the end of the quarter', () => {
    expect(months({ amountFen: 22500, count: 3 })).toEqual(['2026-09:7500', '2026-10:7500', '2026-11:7500']);
    expect(months({ amountFen: 30000, count: 4 })).toEqual(['2026-09:7500', '2026-10:7500', '2026-11:7500', '2026-12:7500']);
    expect(months({ amountFen: 22500, count: 3 }, { currentMonth: '2027-01', paidMonths: new Set(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']) }))
      .toEqual(['2027-01:7500', '2027-02:7500', '2027-03:7500']);
    expect(months({ amountFen: 50000, count: 5 })).toBe('2026年5月—12月只有 4 个月未缴，不能登记 5 个月。');
  });

  it('a named first month with a count, or a range, and the sum split to the fen', () => {
    expect(months({ amountFen: 10000, firstMonth: '2026-10', count: 3 })).toEqual(['2026-10:3334', '2026-11:3333', '2026-12:3333']);
    expect(months({ amountFen: 15000, firstMonth: '2026-10', lastMonth: '2026-11' })).toEqual(['2026-10:7500', '2026-11:7500']);
    expect(months({ amountFen: 15000, firstMonth: '2026-11', lastMonth: '2026-10' })).toBe('月份范围2026年11月到2026年10月前后颠倒了。');
    expect(months({ amountFen: 15000, firstMonth: '2026-10', lastMonth: '2026-11', count: 3 })).toBe('月份范围是 2 个月，与 months=3 不一致。');
  });

  it.each([
    [{ amountFen: -500 }, '金额应大于 0'],
    [{ amountFen: 0 }, '金额应大于 0'],
    [{ amountFen: 120_000 }, '每月超过 1000.00 元属于大额党费'],
    [{ amountFen: 10 }, '金额太小：每月党费最少 0.20 元。'],
    [{ amountFen: 7500, firstMonth: '2027-01' }, '2027年1月还没到。预缴最多到本季度末（2026年12月）。'],
    [{ amountFen: 7500, firstMonth: '2026-04' }, '补缴最多往前 6 个月（最早2026年5月）'],
    [{ amountFen: 7500, firstMonth: '2026-05' }, '2026年5月的党费已由书记确认'],
    [{ amountFen: 7500, count: 13 }, '月数 months= 应是 1 到 12 之间的整数。'],
    [{ amountFen: 7500, firstMonth: '2025-01', lastMonth: '2026-12' }, '一次最多登记 12 个月。'],
  ])('refuses %j', (request, reason) => {
    expect(months(request)).toContain(reason);
  });

  it('refuses months before the member owed dues, and people who owe none', () => {
    expect(months({ amountFen: 7500, firstMonth: '2026-09' }, { firstDueMonth: '2026-10' })).toBe('2026年10月起才需缴纳党费，2026年9月不需要登记。');
    expect(months({ amountFen: 7500 }, { firstDueMonth: undefined })).toBe('只有正式党员和预备党员需要缴纳党费。');
  });
});
