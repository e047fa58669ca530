// Moves the process clock to another instant, for proving that the suite passes on any day:
//   ZHIBU_MOVED_CLOCK=2027-06-15T10:00:00+08:00 NODE_OPTIONS="--import ./test/support/moved-clock.mjs" npm test
// Loaded through NODE_OPTIONS, so vitest's workers and every bot process a test spawns move too.
// Only the wall clock moves (new Date(), Date.now()); it keeps running from the given instant.
// Timers and performance.now() are untouched, so timeouts and durations behave as usual.
/* global process */
const target = process.env.ZHIBU_MOVED_CLOCK;
if (target) {
  const RealDate = Date;
  const at = RealDate.parse(target);
  if (Number.isNaN(at)) throw new Error(`ZHIBU_MOVED_CLOCK is not an instant: ${target}`);
  // Fixed at the first load of the run, inherited by child processes, so all agree on "now".
  const base = process.env.ZHIBU_MOVED_CLOCK_BASE ?? String(RealDate.now());
  process.env.ZHIBU_MOVED_CLOCK_BASE = base;
  const offset = at - Number(base);
  const now = () => RealDate.now() + offset;

  // A function sharing Date's prototype rather than a subclass, so every date (also those made
  // by structuredClone or a driver holding the original) is still `instanceof Date`.
  function MovedDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- a Date, typed as any in plain JS
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  MovedDate.prototype = RealDate.prototype;
  MovedDate.now = now;
  MovedDate.parse = RealDate.parse;
  MovedDate.UTC = RealDate.UTC;
  globalThis.Date = MovedDate;
}
