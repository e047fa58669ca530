import { monotonicMs } from '../clock.js';

export interface Limit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** The limit all targets share (Feishu: 50/s per app; DingTalk: 20/s per API). */
  shared: Limit;
  /** The limit of each target on its own (Feishu: 5/s per chat or person); none when absent. */
  perTarget?: Limit;
}

/**
 * "At most `limit` calls in any `windowMs`", shared by every target and, optionally, per target,
 * with the targets served fairly: each target waits in its own queue, a target that had nothing
 * queued goes first, and the others take turns (round-robin) for the shared slots. Slots are
 * granted when they are free, never reserved ahead, so a backlog of hundreds of replies to busy
 * groups holds no slot that a message to an idle chat needs: that message goes at once when the
 * shared limit has room (a new target wakes the server from a busy target's wait), and after at
 * most about one shared window when it has not, whatever the backlog.
 *
 * @example
 * const limiter = new RateLimiter({ shared: { limit: 50, windowMs: 1000 }, perTarget: { limit: 5, windowMs: 1000 } });
 * await limiter.take('oc_123');
 */
export class RateLimiter {
  /** Waiting callers per target, in arrival order; the map's order is the round-robin turn. */
  private readonly queues = new Map<string, (() => void)[]>();
  /** Targets whose queue is new (nothing waiting before): they go first, in arrival order. */
  private readonly fresh = new Set<string>();
  private readonly shared: number[] = [];
  private readonly perTarget = new Map<string, number[]>();
  private isServing = false;
  /** Ends the server's sleep early: a new target may be free to go before the busy ones. */
  private wake: (() => void) | undefined;

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: () => number = monotonicMs,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Waits for a slot for `target` (a chat, a person, an API). */
  take(target: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const queue = this.queues.get(target);
      if (queue) {
        queue.push(resolve);
      } else {
        this.queues.set(target, [resolve]);
        this.fresh.add(target);
        this.wake?.();
      }
      void this.serve();
    });
  }

  /** Grants free slots turn by turn until every queue is empty; one server at a time. */
  private async serve(): Promise<void> {
    if (this.isServing) return;
    this.isServing = true;
    try {
      // A sleep of `ms` counts as `ms` gone by, even on a clock that lags or stands still.
      let floor = -Infinity;
      while (this.queues.size > 0) {
        const now = Math.max(this.clock(), floor);
        const waitMs = this.grantOne(now);
        if (waitMs <= 0) continue;
        // The wait may be a busy target's own (5/s per chat); a new target need not sit it out.
        const woken = new Promise<true>((resolve) => {
          this.wake = () => resolve(true);
        });
        const isWoken = await Promise.race([this.sleep(waitMs).then(() => false), woken]);
        this.wake = undefined;
        floor = isWoken ? now : now + waitMs;
      }
    } finally {
      this.isServing = false;
    }
  }

  /** Grants the next target in turn that may go now (0), or says how long until one may. */
  private grantOne(now: number): number {
    const { shared, perTarget } = this.limits;
    const sharedWait = waitFor(prune(this.shared, now, shared.windowMs), shared, now);
    if (sharedWait > 0) return sharedWait;
    let soonest = Infinity;
    for (const target of this.inTurn()) {
      const queue = this.queues.get(target) ?? [];
      const times = perTarget ? prune(this.perTarget.get(target) ?? [], now, perTarget.windowMs) : [];
      const wait = perTarget ? waitFor(times, perTarget, now) : 0;
      if (wait > 0) {
        soonest = Math.min(soonest, wait);
        continue;
      }
      const resolve = queue.shift();
      // The target goes to the back of the turn; an emptied queue leaves it.
      this.fresh.delete(target);
      this.queues.delete(target);
      if (queue.length > 0) this.queues.set(target, queue);
      this.shared.push(now);
      if (perTarget) {
        times.push(now);
        this.perTarget.set(target, times);
      }
      this.forgetIdleTargets(now);
      resolve?.();
      return 0;
    }
    return soonest;
  }

  /** Targets in turn: the fresh ones first (a message to an idle chat), then round-robin. */
  private *inTurn(): Generator<string> {
    yield* this.fresh;
    for (const target of this.queues.keys()) if (!this.fresh.has(target)) yield target;
  }

  /** Per-target windows of targets with nothing queued and nothing recent are dropped. */
  private forgetIdleTargets(now: number): void {
    const windowMs = this.limits.perTarget?.windowMs;
    if (windowMs === undefined || this.perTarget.size < 1000) return;
    for (const [target, times] of this.perTarget) {
      if (!this.queues.has(target) && prune(times, now, windowMs).length === 0) this.perTarget.delete(target);
    }
  }
}

/** Drops the times that have left the window, in place; returns the array. */
function prune(times: number[], now: number, windowMs: number): number[] {
  let expired = 0;
  while (expired < times.length && (times[expired] ?? 0) <= now - windowMs) expired += 1;
  if (expired > 0) times.splice(0, expired);
  return times;
}

/** How long until a window holding `times` has room for one more (0: now). */
function waitFor(times: number[], { limit, windowMs }: Limit, now: number): number {
  if (times.length < limit) return 0;
  return (times[times.length - limit] ?? now) + windowMs - now;
}
