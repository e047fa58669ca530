import { isInWindow } from './dates.js';
import { monthRange, parseMonth, type YearMonth } from './dues/months.js';

/** What a ledger export covers: one month, or one calendar year. */
export type LedgerPeriod = { kind: 'month'; month: YearMonth } | { kind: 'year'; year: number };

/** "2026-11" or "2026": the period as written in commands, tokens and file names. */
export function formatPeriod(period: LedgerPeriod): string {
  return period.kind === 'month' ? period.month : String(period.year);
}

/** "2026年11月" or "2026年". */
export function formatPeriodZh(period: LedgerPeriod): string {
  return period.kind === 'month' ? `${period.month.slice(0, 4)}年${Number(period.month.slice(5))}月` : `${period.year}年`;
}

/** The period written as "2026-11" or "2026", within the schedule window; undefined for anything else. */
export function parsePeriod(text: string): LedgerPeriod | undefined {
  const month = parseMonth(text);
  if (month) return isInWindow(month, 'schedule') ? { kind: 'month', month } : undefined;
  const year = /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : undefined;
  return year !== undefined && isInWindow(year, 'schedule') ? { kind: 'year', year } : undefined;
}

/** The months of the period, first to last. */
export function periodMonths(period: LedgerPeriod): YearMonth[] {
  return period.kind === 'month' ? [period.month] : monthRange(`${period.year}-01`, `${period.year}-12`);
}

/** The year the period falls in (the political-birthday list is the year's). */
export function periodYear(period: LedgerPeriod): number {
  return period.kind === 'month' ? Number(period.month.slice(0, 4)) : period.year;
}
