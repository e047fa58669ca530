/**
 * The `n`th member of a benchmark's roster: every 25th probationary and admitted this year,
 * the others admitted 1980–2024; political birthdays spread over every day of the year.
 */
export function benchMember(n: number, branchId: number, createdAt: Date, extra: { duesMonthlyFen: number; exempt?: boolean }) {
  const month = String((n % 12) + 1).padStart(2, '0');
  const day = String((n % 28) + 1).padStart(2, '0');
  const isProbationary = n % 25 === 0;
  return {
    name: `党员${n}`, branchId, status: isProbationary ? ('probationary' as const) : ('full' as const),
    joinedAt: isProbationary ? `2026-${month}-${day}` : `${1980 + (n % 45)}-${month}-${day}`,
    ...(isProbationary ? { probationStartedAt: `2026-${month}-${day}` } : {}),
    duesYear: 2026, createdAt, ...extra,
  };
}
