import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The counters zhibu exposes on GET /metrics (Prometheus text format). One registry per
 * running bot, passed to the parts that count, so tests and several bots in one process
 * never share numbers.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'zhibu_process_' });
  const registers = [registry];
  return {
    registry,
    eventsReceived: new Counter({ name: 'zhibu_events_received_total', help: 'Inbound platform events handed to the conversation core', labelNames: ['platform'] as const, registers }),
    eventsRejected: new Counter({ name: 'zhibu_events_rejected_total', help: 'Inbound requests refused before parsing (signature, token, age, body)', labelNames: ['platform', 'reason'] as const, registers }),
    eventsDeduplicated: new Counter({ name: 'zhibu_events_deduplicated_total', help: 'Inbound events recognised as redeliveries and ignored', labelNames: ['platform'] as const, registers }),
    commands: new Counter({ name: 'zhibu_commands_total', help: 'Commands by name and outcome (ok, declined, refused, failed, unknown)', labelNames: ['command', 'outcome'] as const, registers }),
    notifications: new Counter({ name: 'zhibu_notifications_total', help: 'Reminder notifications by kind and what happened to them (planned, sent, failed, skipped)', labelNames: ['kind', 'status'] as const, registers }),
    queueDepth: new Gauge({ name: 'zhibu_dispatcher_queue_depth', help: 'Notifications due and not yet sent', registers }),
    oldestDueAge: new Gauge({ name: 'zhibu_dispatcher_oldest_due_age_seconds', help: 'Age of the oldest due notification not yet sent', registers }),
    platformApiSeconds: new Histogram({
      name: 'zhibu_platform_api_seconds', help: 'Platform OpenAPI call latency', labelNames: ['platform', 'api', 'outcome'] as const, registers,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    platformConnected: new Gauge({ name: 'zhibu_platform_connected', help: 'Whether the platform long connection is up (1) or not (0)', labelNames: ['platform'] as const, registers }),
    platformReconnects: new Counter({ name: 'zhibu_platform_reconnects_total', help: 'Long connections re-established after being lost', labelNames: ['platform'] as const, registers }),
    platformRestarts: new Counter({ name: 'zhibu_platform_restarts_total', help: 'Long-connection clients thrown away and started anew by the supervisor', labelNames: ['platform'] as const, registers }),
    platformRateLimited: new Counter({ name: 'zhibu_platform_rate_limited_total', help: 'Platform answers saying "too many requests"', labelNames: ['platform'] as const, registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
