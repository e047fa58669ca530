import { DateTime } from 'luxon';

/** A calendar month as "YYYY-MM": a dues month belongs to the ledger, not to an instant. */
export type YearMonth = string;

/** The month if `text` is a real month in YYYY-MM form ("2026-13" is not). */
export function parseMonth(text: string): YearMonth | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? `${match[1]}-${match[2]}` : undefined;
}

/** The month `count` months after `month` (before it when negative). */
export function addMonths(month: YearMonth, count: number): YearMonth {
  // Counting unpaid months back asks this for every member of every branch a planning day.
  const index = monthIndex(month) + count;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${y >= 1000 ? y : String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
}

/** The month of a calendar date (YYYY-MM-DD). */
export function monthOfDate(date: string): YearMonth {
  return date.slice(0, 7);
}

/** The month in `zone` at `instant`. */
export function monthAt(instant: Date, zone: string): YearMonth {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM');
}

/** Every month from `from` to `to`, both included; empty when `from` is after `to`. */
export function monthRange(from: YearMonth, to: YearMonth): YearMonth[] {
  // Counted by month index, so the loop ends whatever the years look like as strings.
  const count = monthIndex(to) - monthIndex(from);
  const months: YearMonth[] = [];
  for (let i = 0; i <= count; i += 1) months.push(addMonths(from, i));
  return months;
}

function monthIndex(month: YearMonth): number {
  const dash = month.indexOf('-');
  const year = Number(dash < 0 ? month : month.slice(0, dash));
  const end = month.indexOf('-', dash + 1);
  // What split('-') would give as the second part, without the arrays (a hot path: addMonths).
  const m = dash < 0 ? 1 : Number(month.slice(dash + 1, end < 0 ? undefined : end));
  return year * 12 + (m - 1);
}

/** The last month of the quarter `month` is in: 2026-11 -> 2026-12. */
export function quarterEnd(month: YearMonth): YearMonth {
  const m = Number(month.slice(5, 7));
  return addMonths(month, 2 - ((m - 1) % 3));
}

/** "2026年12月" */
export function formatMonthZh(month: YearMonth): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** "2026年10月—12月", "2026年12月—2027年1月", or one month. */
export function formatMonthsZh(months: readonly YearMonth[]): string {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return '';
  if (first === last) return formatMonthZh(first);
  const isRun = months.every((m, i) => m === addMonths(first, i));
  if (!isRun) return months.map(formatMonthZh).join('、');
  return first.slice(0, 4) === last.slice(0, 4) ? `${formatMonthZh(first)}—${Number(last.slice(5, 7))}月` : `${formatMonthZh(first)}—${formatMonthZh(last)}`;
}
