import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/platforms/rate-limiter.js';

const FEISHU = { shared: { limit: 50, windowMs: 1000 }, perTarget: { limit: 5, windowMs: 1000 } };

/**
 * A limiter on an injected monotonic clock: sleeping advances the clock after pending
 * callbacks have run, so each grant is recorded at the instant it was made, without waiting
 * in real time. `at(ms, work)` runs `work` when the clock reaches `ms`.
 */
function fakeTime() {
  let now = 0;
  const scheduled: { at: number; work: () => void }[] = [];
  const clock = () => now;
  const sleep = (ms: number) => new Promise<void>((resolve) => setImmediate(() => {
    now += ms;
    for (const job of scheduled.filter((j) => j.at <= now)) {
      scheduled.splice(scheduled.indexOf(job), 1);
      job.work();
    }
    resolve();
  }));
  return { clock, sleep, at: (ms: number, work: () => void) => scheduled.push({ at: ms, work }), now: () => now };
}

const withinAnyWindow = (times: number[], limit: number, windowMs = 1000) => times.every((t) => times.filter((u) => u > t - windowMs && u <= t).length <= limit);

describe('RateLimiter', () => {
  it('never lets more than the limit through in any window, shared and per chat', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(FEISHU, time.clock, time.sleep);
    const grants: { at: number; chat: string }[] = [];
    const chats = Array.from({ length: 400 }, (_, i) => `c${i % 13}`);
    await Promise.all(chats.map((chat) => limiter.take(chat).then(() => grants.push({ at: time.now(), chat }))));
    expect(withinAnyWindow(grants.map((g) => g.at), 50)).toBe(true);
    for (const chat of new Set(chats)) expect(withinAnyWindow(grants.filter((g) => g.chat === chat).map((g) => g.at), 5)).toBe(true);
    // Not needlessly slow either: 400 sends over 13 chats at 5/s each, 50/s in all, need about 8 s.
    expect(Math.max(...grants.map((g) => g.at))).toBeLessThan(9_000);
  });

  it('serves a message to an idle chat within one window while 1,200 replies to one group wait', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(FEISHU, time.clock, time.sleep);
    const busy = Array.from({ length: 1200 }, () => limiter.take('oc_busy'));
    const idle: { asked: number; granted: number }[] = [];
    for (const at of [10_000, 60_000, 200_000]) {
      time.at(at, () => {
        const asked = time.now();
        void limiter.take(`oc_idle_${at}`).then(() => idle.push({ asked, granted: time.now() }));
      });
    }
    await Promise.all(busy);
    expect(idle).toHaveLength(3);
    for (const wait of idle) expect(wait.granted - wait.asked).toBeLessThanOrEqual(1000);
    // The busy group still goes at its own 5/s.
    expect(time.now()).toBeGreaterThanOrEqual(239_000);
  });

  it('serves an idle chat first even when sixty busy groups fill the shared limit', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(FEISHU, time.clock, time.sleep);
    const grants: { at: number; chat: string }[] = [];
    const busy = Array.from({ length: 60 * 40 }, (_, i) => `oc_busy_${i % 60}`).map((chat) => limiter.take(chat).then(() => grants.push({ at: time.now(), chat })));
    let waited = -1;
    time.at(5_000, () => {
      const asked = time.now();
      void limiter.take('ou_private').then(() => {
        waited = time.now() - asked;
        grants.push({ at: time.now(), chat: 'ou_private' });
      });
    });
    await Promise.all(busy);
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(waited).toBeLessThanOrEqual(1000);
    expect(withinAnyWindow(grants.map((g) => g.at), 50)).toBe(true);
    for (const chat of new Set(grants.map((g) => g.chat))) expect(withinAnyWindow(grants.filter((g) => g.chat === chat).map((g) => g.at), 5)).toBe(true);
    // Round-robin: no busy group is more than one turn ahead of another.
    const firstHalf = grants.filter((g) => g.at < 20_000);
    const counts = [...new Set(firstHalf.map((g) => g.chat))].filter((c) => c !== 'ou_private').map((c) => firstHalf.filter((g) => g.chat === c).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });
});
