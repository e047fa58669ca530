import { addMonths } from './months.js';

/**
 * How many months in a row a member has not paid, counted back from `throughMonth`
 * (included) and never before `firstDueMonth`. Months are "YYYY-MM"; a month is paid when
 * its DuesRecord is 'reported' or 'confirmed'. Feeds the dues reminders and the secretary's
 * alerts at 1, 3 and 5 months; the bot never labels anyone itself (domain-rules.md).
 *
 * @example
 * consecutiveUnpaidMonths({ paidMonths: new Set(['2026-10']), firstDueMonth: '2026-01', throughMonth: '2027-01' }) // 3
 */
export function consecutiveUnpaidMonths(input: { paidMonths: ReadonlySet<string>; firstDueMonth: string; throughMonth: string }): number {
  const { paidMonths, firstDueMonth, throughMonth } = input;
  let count = 0;
  for (let month = throughMonth; month >= firstDueMonth && !paidMonths.has(month); month = addMonths(month, -1)) count += 1;
  return count;
}

