import { parse } from 'node:querystring';
import express from 'express';
import type { Router } from 'express';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { requireToken } from './auth.js';
import { hostGuard } from './host-guard.js';
import { MAX_QUERY_KEYS, limitRequest } from './limits.js';
import { metricsHandler } from './metrics-route.js';
import type { Fleet } from './peers/fleet.js';

export interface TelemetryAppOptions {
  host: string;
  token?: string;
  allowedHosts?: readonly string[];
  prometheus?: PrometheusExporter;
  fleet?: Fleet;
  routers: Router[];
  protectedRouters: Router[];
  shuttingDown: () => boolean;
}

/** The telemetry server's Express app, built at its first request (see app.ts). */
export function telemetryApp(opts: TelemetryAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // First, before any route: every answer of this server is refused to a rebound host name.
  app.use(hostGuard(opts.host, opts.allowedHosts));
  app.use(limitRequest());
  app.set('query parser', (q: string) => parse(q, '&', '=', { maxKeys: MAX_QUERY_KEYS }));
  app.get('/metrics', metricsHandler(opts.prometheus, opts.fleet));
  // The health room's router, when mounted, answers /livez and /readyz first; these are the fallbacks.
  for (const r of opts.routers) app.use(r);
  app.get('/livez', (_req, res) => {
    res.status(200).json({ status: 'pass' });
  });
  app.get('/readyz', (_req, res) => {
    const down = opts.shuttingDown();
    res.status(down ? 503 : 200).json({ status: down ? 'fail' : 'pass' });
  });
  const guard = requireToken(opts.token);
  for (const r of opts.protectedRouters) app.use(guard, r);
  return app;
}
