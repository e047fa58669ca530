import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/platforms/rate-limiter.js';

describe('RateLimiter', () => {
  it('never lets more than the limit through in any window, across a shared and a per-chat bucket', async () => {
    const now = 0;
    const slots: { at: number; chat: string }[] = [];
    // The clock stands still and the sleep records how long each call was told to wait: the
    // slot each call reserved, without waiting in real time.
    const limiter = new RateLimiter({ app: { limit: 50, windowMs: 1000 }, chat: { limit: 5, windowMs: 1000 } }, () => now, async (ms) => {
      const last = slots.at(-1);
      if (last) last.at = now + ms;
    });
    const calls = Array.from({ length: 400 }, (_, i) => `c${i % 7}`);
    await Promise.all(calls.map((chat) => {
      slots.push({ at: now, chat });
      return limiter.take({ app: 'app', chat });
    }));
    const withinAnyWindow = (times: number[], limit: number) => times.every((t) => times.filter((u) => u > t - 1000 && u <= t).length <= limit);
    expect(withinAnyWindow(slots.map((s) => s.at), 50)).toBe(true);
    for (const chat of new Set(calls)) expect(withinAnyWindow(slots.filter((s) => s.chat === chat).map((s) => s.at), 5)).toBe(true);
    // Not needlessly slow either: 400 sends over 7 chats at 5/s each need about 400/35 s.
    expect(Math.max(...slots.map((s) => s.at))).toBeLessThan(12_000);
  });
});
