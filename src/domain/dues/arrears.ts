/**
 * How many months in a row, ending with `throughMonth`, have no payment. Months are
 * "YYYY-MM"; a month counts as paid when it is in `paidMonths` (its DuesRecord is 'reported'
 * or 'confirmed'). Months before `firstDueMonth` (admission, or when the branch started
 * keeping dues in zhibu) are not owed.
 *
 * @example
 * consecutiveUnpaidMonths({ paidMonths: new Set(['2026-08']), firstDueMonth: '2026-06', throughMonth: '2026-11' }) // 3
 */
export function consecutiveUnpaidMonths(input: { paidMonths: ReadonlySet<string>; firstDueMonth: string; throughMonth: string }): number {
  let count = 0;
  for (let month = input.throughMonth; month >= input.firstDueMonth && !input.paidMonths.has(month); month = previousMonth(month)) count++;
  return count;
}

function previousMonth(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}
