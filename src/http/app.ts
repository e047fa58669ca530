import express, { type ErrorRequestHandler, type Express, type Router } from 'express';

export interface HealthReport {
  isHealthy: boolean;
  database: 'ok' | 'down';
  platforms: Record<string, string>;
}

export interface HttpDeps {
  health: () => Promise<HealthReport>;
  /** Platform webhook routes and the like, mounted at the root. */
  routers?: Router[];
  log?: { warn: (obj: object, msg: string) => void };
}

/**
 * The express app: health now; platform webhooks and exports mount here as they arrive.
 * Only composes routes; what they do lives in the modules they come from.
 */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const report = await deps.health();
    res.status(report.isHealthy ? 200 : 503).json({
      status: report.isHealthy ? 'ok' : 'unhealthy',
      database: report.database,
      platforms: report.platforms,
    });
  });
  for (const router of deps.routers ?? []) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Bodies too large or malformed, and anything thrown by a route: a short JSON answer,
  // never a stack trace.
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string; message?: string }, req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    deps.log?.warn({ path: req.path, status, reason: error.type ?? error.message }, 'http request failed');
    res.status(status).json({ error: status === 500 ? 'internal error' : (error.type ?? 'bad request') });
  };
  app.use(onError);
  return app;
}
