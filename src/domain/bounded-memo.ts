/**
 * Remembers a pure function's answers by key, forgetting them all once `limit` are held.
 * Planning asks the same calendar questions (this date's 09:00 in Asia/Shanghai, the day after
 * it) for each of a thousand branches; luxon answers each in microseconds, which added up to
 * a tenth of a planning day (docs/PERFORMANCE.md). Only for answers that cannot be changed
 * by their callers: strings and numbers (a Date is handed out as a copy by the caller).
 */
export function boundedMemo<T extends string | number>(limit = 10_000): (key: string, compute: () => T) => T {
  const known = new Map<string, T>();
  return (key, compute) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute();
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
