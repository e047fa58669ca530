import { monotonicMs } from '../clock.js';
import type { SendResult } from '../bot/types.js';

/** Time as a sender sees it; tests pass their own. */
export interface SenderTiming {
  sleep: (ms: number) => Promise<void>;
  clock: () => number;
}

/** Real time. */
export const realTiming: SenderTiming = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), clock: monotonicMs };

/**
 * Runs `attempt` until it succeeds, fails for good (`isRetryable` false) or `attempts` are
 * spent, pausing between tries as long as the failure asks (`retryAfterMs`), else 1 s, 2 s, …
 * and never longer than `maxWaitMs`. Returns the last result.
 *
 * @example
 * const result = await withRetries(() => sendOnce(message), sleep);
 */
export async function withRetries<T extends SendResult>(attempt: () => Promise<T>, sleep: (ms: number) => Promise<void>, attempts = 3, maxWaitMs = 10_000): Promise<T> {
  for (let tries = 1; ; tries++) {
    const result = await attempt();
    if (result.ok || !result.isRetryable || tries >= attempts) return result;
    await sleep(Math.min(result.retryAfterMs ?? 500 * 2 ** tries, maxWaitMs));
  }
}
