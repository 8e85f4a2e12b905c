import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { diag } from '@opentelemetry/api';
import { kUntraced } from '../sdk/http/instrumentation.js';
import { writeStderr } from '../sdk/output.js';
import type { Fleet } from './peers/fleet.js';

export interface TelemetryServerOptions {
  host: string;
  port: number;
  token?: string;
  /** VIGIL_ALLOWED_HOSTS: `Host` names answered besides the bound address, localhost and IP literals. */
  allowedHosts?: readonly string[];
  prometheus?: PrometheusExporter;
  /**
   * The other rooms' routers (health, alerting, progress, dashboard), asked for at the first request:
   * `routers` are mounted at /, `protectedRouters` behind the dashboard token (/api, /monitoring).
   */
  routes?: () => Promise<TelemetryRoutes>;
  /** The other processes of this service on this data dir: /metrics merges them; the port goes to whichever holds it. */
  fleet?: Fleet;
}

export interface TelemetryRoutes {
  routers?: Router[];
  protectedRouters?: Router[];
}

// A process of the fleet that found the port taken tries again at this pace, to take over when the holder exits.
const TAKEOVER_MS = 5000;

export interface TelemetryServer {
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
 * It listens at start-up; Express, the app and the rooms' routers are loaded
 * at its first request (≈ 150 modules the application's start does not wait for).
 */
export function createTelemetryServer(opts: TelemetryServerOptions): TelemetryServer {
  let shuttingDown = false;
  let app: Promise<(req: IncomingMessage, res: ServerResponse) => void> | undefined;
  const build = async (): Promise<(req: IncomingMessage, res: ServerResponse) => void> => {
    const [{ telemetryApp }, routes] = await Promise.all([import('./express-app.js'), opts.routes?.() ?? Promise.resolve<TelemetryRoutes>({})]);
    return telemetryApp({
      host: opts.host,
      token: opts.token,
      allowedHosts: opts.allowedHosts,
      prometheus: opts.prometheus,
      fleet: opts.fleet,
      routers: routes.routers ?? [],
      protectedRouters: routes.protectedRouters ?? [],
      shuttingDown: () => shuttingDown,
    });
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    app ??= build();
    app.then(
      (a) => a(req, res),
      (err: unknown) => {
        app = undefined; // the next request tries again
        diag.warn('vigil: the telemetry server could not load its routes', err);
        res.statusCode = 500;
        res.end();
      },
    );
  };
  let server: Server | undefined;
  let takeover: NodeJS.Timeout | undefined;

  // `exclusive`: a cluster worker binds the port itself instead of sharing the primary's handle.
  const bind = (): Promise<Server | NodeJS.ErrnoException> =>
    new Promise((resolve) => {
      const s = createServer(handle);
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

  return {
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
      writeStderr(`vigil: VIGIL_PORT: ${opts.host}:${opts.port} ${why}; the telemetry server is off, the application keeps running\n`);
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
