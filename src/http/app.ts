import express, { type Express } from 'express';
import { checkInLinkRoute, type CheckInLinkDeps } from './check-in-link-route.js';

export interface HealthReport {
  isHealthy: boolean;
  database: 'ok' | 'down';
  platforms: Record<string, string>;
}

export interface HttpDeps {
  health(): Promise<HealthReport>;
  /** The one-tap check-in links, when ZHIBU_LINK_SECRET is set. */
  checkInLink?: CheckInLinkDeps;
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
  if (deps.checkInLink) app.use(checkInLinkRoute(deps.checkInLink));
  return app;
}
