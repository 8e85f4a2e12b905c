import { Router } from 'express';
import type { Response } from 'express';
import { diag } from '@opentelemetry/api';
import type { Health } from './types.js';
import { hasToken } from '../server/auth.js';

export interface HealthRouterOptions {
  /** VIGIL_DASHBOARD_TOKEN: when set, details and /api/health need it (Bearer or ?token=). */
  token?: string;
}

const HEALTH_JSON = 'application/health+json';

/**
 * GET /health, /livez, /readyz and /api/health. Status codes stay public
 * (load balancers and orchestrators have no token); details do not.
 */
export function healthRouter(health: Health, opts: HealthRouterOptions = {}): Router {
  const router = Router();
  const token = opts.token || undefined;

  router.get('/health', async (req, res) => {
    const authorized = token ? hasToken(req, token) : 'verbose' in req.query;
    await send(res, async () => {
      const report = await health.report({ verbose: authorized });
      res.status(report.status === 'fail' ? 503 : 200).type(HEALTH_JSON).set('Cache-Control', 'no-store').send(JSON.stringify(report));
    });
  });

  // The process only: if this answers, the process is alive; dependencies belong to /readyz.
  router.get('/livez', (_req, res) => {
    res.status(200).type(HEALTH_JSON).set('Cache-Control', 'no-store').send(JSON.stringify({ status: 'pass' }));
  });

  router.get('/readyz', async (_req, res) => {
    await send(res, async () => {
      const r = await health.readiness();
      const body = health.shuttingDown ? { status: 'fail', output: 'shutting down' } : r.failing.length > 0 ? { status: r.status, output: `failing: ${r.failing.join(', ')}` } : { status: r.status };
      res.status(body.status === 'fail' ? 503 : 200).type(HEALTH_JSON).set('Cache-Control', 'no-store').send(JSON.stringify(body));
    });
  });

  router.get('/api/health', async (req, res) => {
    if (token && !hasToken(req, token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'a valid token is required (Authorization: Bearer or ?token=)' });
      return;
    }
    await send(res, async () => {
      const report = await health.report({ verbose: true });
      const hours = Number(req.query.hours);
      const window = Number.isFinite(hours) && hours > 0 && hours <= 24 * 90 ? hours : 24;
      res.set('Cache-Control', 'no-store').json({ ...report, shuttingDown: health.shuttingDown, history: { hours: window, checks: health.historySummary(window) } });
    });
  });

  return router;
}

/** A handler fault answers 500 with one line, never a stack, and is logged once per request. */
async function send(res: Response, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    diag.warn(`health endpoint failed: ${(err as Error).message}`);
    if (!res.headersSent) res.status(500).type(HEALTH_JSON).send(JSON.stringify({ status: 'fail', output: 'health report failed' }));
  }
}
