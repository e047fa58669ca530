import { monotonicMs, systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** What a long connection is doing, in the SDKs' words mapped to one vocabulary. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** The SDK client a supervisor watches: its state, and a way to throw it away and start anew. */
export interface SupervisedConnection {
  state(): ConnectionState;
  restart(): Promise<void>;
}

/** The connection as /healthz shows it. */
export interface ConnectionReport {
  state: ConnectionState;
  /** When the state last changed (ISO). */
  since: string;
  /** Since when no connection has been up (ISO); absent while connected. */
  unconnectedSince?: string;
  /** The SDK gave up since the last connection (it would never try again by itself). */
  hasGivenUp: boolean;
  restarts: number;
  reconnects: number;
  isHealthy: boolean;
  /** Why it is unhealthy. */
  problem?: string;
}

export interface SupervisorOptions {
  platform: 'feishu' | 'dingtalk';
  log: Logger;
  metrics?: Metrics | undefined;
  /** Unhealthy after this long without a connection (ZHIBU_CONNECTION_GRACE_SECONDS). */
  graceMs: number;
  /** The client is restarted after this long without a connection, whatever the SDK is doing. */
  restartAfterMs?: number;
  /** Restarts back off from `firstMs`, doubling to `maxMs`, each with up to ±50 % jitter. */
  backoff?: { firstMs: number; maxMs: number };
  /** How often the SDK's state is read (SDK callbacks also call `check`). */
  pollMs?: number;
  clock?: Clock;
  monotonic?: () => number;
  random?: () => number;
  setTimer?: (work: () => void, ms: number) => () => void;
}

const DEFAULTS = { restartAfterMs: 5 * 60_000, backoff: { firstMs: 2_000, maxMs: 5 * 60_000 }, pollMs: 500 };

const realTimer = (work: () => void, ms: number) => {
  const timer = setTimeout(work, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Watches one long connection (Feishu's WSClient, DingTalk's Stream client) and keeps it
 * alive where the SDK would not: after the SDK gives up (Feishu's "system busy" is fatal to
 * it) or after `restartAfterMs` without a connection, the client is thrown away and started
 * anew, with backoff and jitter. Each state change is logged once and counted; `report()`
 * says whether the connection is healthy and since when it is not.
 *
 * @example
 * const supervisor = new ConnectionSupervisor({ state: () => sdkState(), restart: () => restartClient() }, { platform: 'feishu', log, graceMs: 120_000 });
 * supervisor.start();
 */
export class ConnectionSupervisor {
  private state: ConnectionState = 'connecting';
  private sinceWall: Date;
  private unconnectedSince: number;
  private unconnectedSinceWall: Date | undefined;
  private hasConnected = false;
  private hasGivenUp = false;
  private restartAttempts = 0;
  private restarts = 0;
  private reconnects = 0;
  private cancelRestart: (() => void) | undefined;
  private cancelPoll: (() => void) | undefined;
  private isRestarting = false;
  private isStopped = false;
  private readonly settings;

  constructor(private readonly connection: SupervisedConnection, options: SupervisorOptions) {
    this.settings = {
      clock: systemClock, monotonic: monotonicMs, random: Math.random, setTimer: realTimer, ...DEFAULTS,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as Required<SupervisorOptions>;
    this.sinceWall = this.settings.clock();
    this.unconnectedSince = this.settings.monotonic();
    this.unconnectedSinceWall = this.sinceWall;
    this.settings.metrics?.platformConnected.set({ platform: this.settings.platform }, 0);
  }

  /** Starts watching. */
  start(): void {
    this.isStopped = false;
    const poll = () => {
      this.check();
      if (!this.isStopped) this.cancelPoll = this.settings.setTimer(poll, this.settings.pollMs);
    };
    this.settings.log.info(`${this.settings.platform} connection connecting`);
    poll();
  }

  stop(): void {
    this.isStopped = true;
    this.cancelPoll?.();
    this.cancelRestart?.();
    this.cancelRestart = undefined;
  }

  /** Reads the SDK's state and acts on a change; the SDK's callbacks call it too. */
  check(): void {
    if (this.isStopped) return;
    const now = this.settings.monotonic();
    const state = this.connection.state();
    if (state !== this.state) this.change(state, now);
    const isStuck = state !== 'connected' && now - this.unconnectedSince > this.settings.restartAfterMs;
    if ((state === 'failed' || isStuck) && !this.cancelRestart && !this.isRestarting) {
      this.scheduleRestart(state === 'failed' ? 'the SDK gave up' : `not connected for ${Math.round((now - this.unconnectedSince) / 1000)} s`);
    }
  }

  report(): ConnectionReport {
    this.check();
    const { graceMs } = this.settings;
    const unconnectedMs = this.state === 'connected' ? 0 : this.settings.monotonic() - this.unconnectedSince;
    const problem = this.state === 'connected' ? undefined
      : this.hasGivenUp ? 'the SDK gave up; restarting'
        : unconnectedMs > graceMs ? `not connected for more than ${Math.round(graceMs / 1000)} s` : undefined;
    return {
      state: this.state, since: this.sinceWall.toISOString(),
      ...(this.state !== 'connected' && this.unconnectedSinceWall ? { unconnectedSince: this.unconnectedSinceWall.toISOString() } : {}),
      hasGivenUp: this.hasGivenUp, restarts: this.restarts, reconnects: this.reconnects,
      isHealthy: problem === undefined, ...(problem ? { problem } : {}),
    };
  }

  /** The state to show beside the platform's name. */
  currentState(): ConnectionState {
    this.check();
    return this.state;
  }

  private change(state: ConnectionState, now: number): void {
    const { log, metrics, platform } = this.settings;
    const previous = this.state;
    this.state = state;
    this.sinceWall = this.settings.clock();
    metrics?.platformConnected.set({ platform }, state === 'connected' ? 1 : 0);
    if (state === 'connected') {
      if (this.hasConnected) {
        this.reconnects += 1;
        metrics?.platformReconnects.inc({ platform });
      }
      this.hasConnected = true;
      this.hasGivenUp = false;
      this.restartAttempts = 0;
      this.unconnectedSinceWall = undefined;
      this.cancelRestart?.();
      this.cancelRestart = undefined;
      log.info({ reconnects: this.reconnects, restarts: this.restarts }, `${platform} connection connected`);
      return;
    }
    if (previous === 'connected') {
      this.unconnectedSince = now;
      this.unconnectedSinceWall = this.sinceWall;
    }
    if (state === 'failed') {
      this.hasGivenUp = true;
      log.error(`${platform} connection given up by the SDK`);
    } else {
      log.warn(`${platform} connection ${state}`);
    }
  }

  private scheduleRestart(reason: string): void {
    const { firstMs, maxMs } = this.settings.backoff;
    const base = Math.min(firstMs * 2 ** this.restartAttempts, maxMs);
    const delayMs = Math.round(base * (0.5 + this.settings.random()));
    this.restartAttempts += 1;
    this.settings.log.warn({ reason, delayMs, attempt: this.restartAttempts }, `${this.settings.platform} connection restarting`);
    this.cancelRestart = this.settings.setTimer(() => void this.restart(), delayMs);
  }

  private async restart(): Promise<void> {
    this.cancelRestart = undefined;
    if (this.isStopped) return;
    this.isRestarting = true;
    try {
      await this.connection.restart();
      this.restarts += 1;
      this.settings.metrics?.platformRestarts.inc({ platform: this.settings.platform });
      this.settings.log.info({ restarts: this.restarts }, `${this.settings.platform} connection restarted`);
    } catch (error) {
      this.settings.log.error({ err: error }, `${this.settings.platform} connection restart failed`);
    } finally {
      this.isRestarting = false;
      // A fresh client gets the full time to connect before it counts as stuck again.
      this.unconnectedSince = this.settings.monotonic();
    }
    this.check();
  }
}
