import { monotonicMs } from '../clock.js';

/**
 * "At most `limit` calls in any `windowMs`" for several keys at once (an app-wide limit and
 * a per-chat limit, say). `take` reserves the earliest instant every key allows and waits
 * until then, so concurrent callers queue up fairly instead of bursting into a 429.
 *
 * @example
 * const limiter = new RateLimiter({ app: { limit: 50, windowMs: 1000 }, chat: { limit: 5, windowMs: 1000 } });
 * await limiter.take({ app: 'app', chat: 'oc_123' });
 */
export class RateLimiter<K extends string> {
  private readonly reserved = new Map<string, number[]>();

  constructor(
    private readonly limits: Record<K, { limit: number; windowMs: number }>,
    private readonly clock: () => number = monotonicMs,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Waits for a slot in every named bucket; `keys` maps a limit to the bucket (e.g. a chat id). */
  async take(keys: Partial<Record<K, string>>): Promise<void> {
    const now = this.clock();
    let at = now;
    const buckets: number[][] = [];
    for (const [name, bucket] of Object.entries(keys) as [K, string][]) {
      const { limit, windowMs } = this.limits[name];
      const id = `${name}:${bucket}`;
      const times = (this.reserved.get(id) ?? []).filter((t) => t > now - windowMs);
      if (times.length === 0) this.reserved.delete(id);
      else this.reserved.set(id, times);
      // The slot `limit` places back must have left the window before a new one starts.
      if (times.length >= limit) at = Math.max(at, (times[times.length - limit] ?? now) + windowMs);
      buckets.push(times);
      this.reserved.set(id, times);
    }
    for (const times of buckets) {
      times.push(at);
      times.sort((a, b) => a - b);
    }
    if (at > now) await this.sleep(at - now);
  }
}
