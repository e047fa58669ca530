import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Metrics } from '../metrics.js';

export interface HealthReport {
  isHealthy: boolean;
  database: 'ok' | 'down';
  /** Why the database is down: what the write probe met (a full disk, a held lock, a timeout). */
  databaseError?: string;
  platforms: Record<string, string>;
  /** Each long connection's state, since when, and why it is unhealthy. */
  connections?: Record<string, object>;
}

export interface HttpDeps {
  health: () => Promise<HealthReport>;
  /** Platform webhook and link routes, mounted at the root behind the per-IP limit. */
  routers?: Router[];
  metrics?: Metrics;
  /** While true, platform routes answer 503 so the platform retries on another instance or later. */
  isShuttingDown?: () => boolean;
  /** Express's `trust proxy`: how many proxies in front set X-Forwarded-For (0 = none). */
  trustProxy?: number;
  /** Requests per minute one address may make to platform and link routes; 0 turns the limit off. */
  perAddressPerMinute?: number;
  log?: { warn: (obj: object, msg: string) => void };
}


/**
 * The express app: health, metrics, and the routes platforms bring. It only composes; what
 * the routes do lives in the modules they come from.
 */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 0);
  app.use(helmet());
  app.use(requestId);

  app.get('/healthz', async (_req, res) => {
    const report = await deps.health();
    res.status(report.isHealthy ? 200 : 503).json({
      status: report.isHealthy ? 'ok' : 'unhealthy',
      database: report.database,
      ...(report.databaseError ? { databaseError: report.databaseError } : {}),
      platforms: report.platforms,
      ...(report.connections && Object.keys(report.connections).length > 0 ? { connections: report.connections } : {}),
      ...(deps.isShuttingDown?.() ? { shuttingDown: true } : {}),
    });
  });
  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  const platformRoutes = express.Router();
  const perMinute = deps.perAddressPerMinute ?? 0;
  if (perMinute > 0) {
    platformRoutes.use(rateLimit({ windowMs: 60_000, limit: perMinute, standardHeaders: 'draft-8', legacyHeaders: false, message: { error: 'too many requests' } }));
  }
  platformRoutes.use((_req, res, next) => {
    if (!deps.isShuttingDown?.()) return next();
    res.status(503).set('retry-after', '5').json({ error: 'shutting down' });
  });
  for (const router of deps.routers ?? []) platformRoutes.use(router);
  app.use(platformRoutes);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Bodies too large or malformed, and anything thrown by a route: a short JSON answer,
  // never a stack trace.
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string; message?: string }, req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    deps.log?.warn({ path: req.path, status, reason: error.type ?? error.message, requestId: res.getHeader('x-request-id') }, 'http request failed');
    res.status(status).json({ error: status === 500 ? 'internal error' : (error.type ?? 'bad request') });
  };
  app.use(onError);
  return app;
}

/** Every answer carries an id (the caller's X-Request-Id, or a new one) that logs repeat. */
const requestId: RequestHandler = (req, res, next) => {
  const given = req.header('x-request-id');
  res.setHeader('x-request-id', given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID());
  next();
};
