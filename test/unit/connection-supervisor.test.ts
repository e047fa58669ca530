import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { ConnectionSupervisor, type ConnectionState } from '../../src/platforms/connection-supervisor.js';

/** A supervisor on injected clocks and timers: `advance(ms)` moves time and runs what is due. */
function harness(options: { random?: number } = {}) {
  let now = 0;
  const timers: { at: number; work: () => void; isCancelled: boolean }[] = [];
  const lines: string[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  let state: ConnectionState = 'connecting';
  const restarts: number[] = [];
  const metrics = createMetrics();
  const supervisor = new ConnectionSupervisor({
    state: () => state,
    restart: () => {
      restarts.push(now);
      state = 'connecting';
      return Promise.resolve();
    },
  }, {
    platform: 'feishu', log: createLogger('info', out), metrics, graceMs: 120_000, restartAfterMs: 300_000, pollMs: 1_000,
    backoff: { firstMs: 2_000, maxMs: 60_000 }, clock: () => new Date(Date.UTC(2026, 11, 4) + now), monotonic: () => now, random: () => options.random ?? 0.5,
    setTimer: (work, ms) => {
      const timer = { at: now + ms, work, isCancelled: false };
      timers.push(timer);
      return () => {
        timer.isCancelled = true;
      };
    },
  });
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = timers.filter((t) => !t.isCancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers.splice(timers.indexOf(next), 1);
      now = next.at;
      next.work();
      await new Promise((resolve) => setImmediate(resolve));
    }
    now = end;
  };
  return { supervisor, advance, lines, restarts, metrics, set: (next: ConnectionState) => { state = next; } };
}

const messages = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);

describe('ConnectionSupervisor', () => {
  it('logs each state change once, and is healthy while connected or within the grace period', async () => {
    const h = harness();
    h.supervisor.start();
    await h.advance(5_000);
    expect(h.supervisor.report()).toMatchObject({ state: 'connecting', isHealthy: true });
    h.set('connected');
    await h.advance(10_000);
    h.set('reconnecting');
    await h.advance(3_000);
    h.set('connected');
    await h.advance(10_000);
    expect(messages(h.lines)).toEqual(['feishu connection connecting', 'feishu connection connected', 'feishu connection reconnecting', 'feishu connection connected']);
    expect(h.supervisor.report()).toMatchObject({ state: 'connected', reconnects: 1, restarts: 0, isHealthy: true });
    expect(await h.metrics.registry.getSingleMetricAsString('zhibu_platform_reconnects_total')).toContain('zhibu_platform_reconnects_total{platform="feishu"} 1');
  });

  it('turns unhealthy after the grace period without a connection, saying since when', async () => {
    const h = harness();
    h.supervisor.start();
    await h.advance(500);
    h.set('connected');
    h.supervisor.check();
    await h.advance(500);
    // The SDK's callbacks tell the supervisor at once.
    h.set('reconnecting');
    h.supervisor.check();
    await h.advance(119_000);
    expect(h.supervisor.report().isHealthy).toBe(true);
    await h.advance(2_000);
    expect(h.supervisor.report()).toMatchObject({ isHealthy: false, problem: 'not connected for more than 120 s', unconnectedSince: '2026-12-04T00:00:01.000Z' });
  });

  it('restarts a client the SDK gave up on, with backoff and jitter, until it connects', async () => {
    const h = harness({ random: 0.9 });
    h.supervisor.start();
    h.set('failed');
    await h.advance(1_000);
    expect(h.supervisor.report()).toMatchObject({ isHealthy: false, hasGivenUp: true });
    // 2 s doubling, times 0.5 + 0.9 jitter: 2.8 s, then 5.6 s, then 11.2 s.
    h.set('failed');
    await h.advance(2_800);
    expect(h.restarts).toEqual([3_800]);
    h.set('failed');
    await h.advance(10_000);
    // Seen failed again at the next poll (4 s), restarted 5.6 s later.
    expect(h.restarts).toEqual([3_800, 4_000 + 5_600]);
    h.set('connected');
    await h.advance(60_000);
    expect(h.restarts).toHaveLength(2);
    expect(h.supervisor.report()).toMatchObject({ state: 'connected', restarts: 2, hasGivenUp: false, isHealthy: true });
    expect(messages(h.lines).filter((m) => m === 'feishu connection restarted')).toHaveLength(2);
  });

  it('restarts a client that has not connected for five minutes, whatever the SDK says', async () => {
    const h = harness();
    h.supervisor.start();
    await h.advance(299_000);
    expect(h.restarts).toEqual([]);
    await h.advance(5_000);
    expect(h.restarts).toHaveLength(1);
    // The new client gets its own five minutes.
    await h.advance(290_000);
    expect(h.restarts).toHaveLength(1);
  });

  it('does nothing once stopped', async () => {
    const h = harness();
    h.supervisor.start();
    h.supervisor.stop();
    h.set('failed');
    await h.advance(600_000);
    expect(h.restarts).toEqual([]);
  });
});
