import { createServer } from 'node:http';
import { parse } from 'node:querystring';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Router } from 'express';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { kUntraced } from '../sdk/http/instrumentation.js';
import { requireToken } from './auth.js';
import { hostGuard } from './host-guard.js';
import { MAX_QUERY_KEYS, limitRequest } from './limits.js';
import { metricsHandler } from './metrics-route.js';
import type { Fleet } from './peers/fleet.js';

export interface TelemetryServerOptions {
  host: string;
  port: number;
  token?: string;
  /** VIGIL_ALLOWED_HOSTS: `Host` names answered besides the bound address, localhost and IP literals. */
  allowedHosts?: readonly string[];
  prometheus?: PrometheusExporter;
  /** Routers mounted at / by the other rooms (health, alerting, progress, dashboard). */
  routers?: Router[];
  /** Routers whose every route needs the dashboard token when one is set (/api, /monitoring). */
  protectedRouters?: Router[];
  /** The other processes of this service on this data dir: /metrics merges them; the port goes to whichever holds it. */
  fleet?: Fleet;
}

// A process of the fleet that found the port taken tries again at this pace, to take over when the holder exits.
const TAKEOVER_MS = 5000;

export interface TelemetryServer {
  readonly app: express.Express;
  /** Resolves to the bound port, or undefined when the server could not listen (one line was printed). */
  listen(): Promise<number | undefined>;
  markShuttingDown(): void;
  readonly shuttingDown: boolean;
  close(): Promise<void>;
}

/**
 * The telemetry server: one Express app for /metrics, /livez, /readyz and
 * whatever the other rooms mount. Its socket is unref'd, so it never keeps
 * alive a process that wanted to exit, and its requests are never traced.
 */
export function createTelemetryServer(opts: TelemetryServerOptions): TelemetryServer {
  const app = express();
  app.disable('x-powered-by');
  let shuttingDown = false;
  let server: Server | undefined;
  let takeover: NodeJS.Timeout | undefined;

  // `exclusive`: a cluster worker binds the port itself instead of sharing the primary's handle.
  const bind = (): Promise<Server | NodeJS.ErrnoException> =>
    new Promise((resolve) => {
      const s = createServer(app);
      (s as unknown as Record<symbol, boolean>)[kUntraced] = true;
      // A scraper's keep-alive connection must not keep the process alive either.
      s.on('connection', (socket) => socket.unref());
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err));
      s.listen({ port: opts.port, host: opts.host, exclusive: true }, () => {
        s.unref();
        resolve(s);
      });
    });
  const held = (s: Server): number => {
    server = s;
    opts.fleet?.becomeLeader();
    return (s.address() as AddressInfo).port;
  };

  // First, before any route: every answer of this server is refused to a rebound host name.
  app.use(hostGuard(opts.host, opts.allowedHosts));
  app.use(limitRequest());
  app.set('query parser', (q: string) => parse(q, '&', '=', { maxKeys: MAX_QUERY_KEYS }));
  app.get('/metrics', metricsHandler(opts.prometheus, opts.fleet));
  // The health room's router, when mounted, answers /livez and /readyz first; these are the fallbacks.
  for (const r of opts.routers ?? []) app.use(r);
  app.get('/livez', (_req, res) => {
    res.status(200).json({ status: 'pass' });
  });
  app.get('/readyz', (_req, res) => {
    res.status(shuttingDown ? 503 : 200).json({ status: shuttingDown ? 'fail' : 'pass' });
  });
  const guard = requireToken(opts.token);
  for (const r of opts.protectedRouters ?? []) app.use(guard, r);

  return {
    app,
    get shuttingDown() {
      return shuttingDown;
    },
    markShuttingDown() {
      shuttingDown = true;
    },
    async listen() {
      const s = await bind();
      if (!(s instanceof Error)) return held(s);
      if (s.code === 'EADDRINUSE' && opts.fleet?.othersAlive()) {
        // Another process of this service serves every process's metrics: nothing to say; take over if it exits.
        takeover = setInterval(() => {
          if (server || shuttingDown) return;
          void bind().then((again) => {
            if (again instanceof Error) return;
            if (shuttingDown) return void again.close();
            held(again);
            clearInterval(takeover);
          });
        }, TAKEOVER_MS).unref();
        return undefined;
      }
      const why = s.code === 'EADDRINUSE' ? 'is already in use' : s.code === 'EACCES' ? 'is not allowed' : `cannot be bound (${s.code ?? s.message})`;
      process.stderr.write(`vigil: VIGIL_PORT: ${opts.host}:${opts.port} ${why}; the telemetry server is off, the application keeps running\n`);
      return undefined;
    },
    close() {
      clearInterval(takeover);
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
