/**
 * The one place product code reads the time. Everything that decides by date takes a `Clock`
 * (or a `now` computed from one), so tests and `zhibu preview --date` move through time and a
 * test never depends on the day it runs.
 *
 * @example
 * const clock: Clock = fixedClock(new Date('2026-12-04T15:00:00+08:00'));
 * runReminderTick(deps, clock());
 */
export type Clock = () => Date;

/** The process clock: the current instant. */
export const systemClock: Clock = () => new Date();

/** A clock that always answers the same instant (tests, previews, the CLI's --at). */
export function fixedClock(at: Date): Clock {
  return () => new Date(at.getTime());
}

/**
 * Milliseconds from an arbitrary origin that never jumps (NTP, a moved clock): for durations,
 * timeouts and time budgets, never for dates.
 */
export function monotonicMs(): number {
  return performance.now();
}
