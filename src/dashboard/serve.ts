import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { hostGuard } from '../server/host-guard.js';
import { openReadOnly } from '../store/index.js';
import { dashboardRouter } from './router.js';

export interface ServeDashboardOptions {
  /** A monitoring.db file (a copy sent by a clinic is fine). */
  dbPath: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface DashboardServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * `vigil dashboard --db`: the same page and API, read-only, from a file
 * alone. Throws (before listening) when the file cannot be opened, so the
 * command can explain it; rejects when the port cannot be bound.
 */
export async function serveDashboard(opts: ServeDashboardOptions): Promise<DashboardServer> {
  const db = openReadOnly(opts.dbPath);
  const app = express();
  app.disable('x-powered-by');
  const host = opts.host ?? '127.0.0.1';
  app.use(hostGuard(host, (process.env.VIGIL_ALLOWED_HOSTS ?? '').split(',').filter(Boolean)));
  app.get('/', (_req, res) => res.redirect('/monitoring'));
  app.use(dashboardRouter({ db: () => db, ...(opts.token ? { token: opts.token } : {}), readOnly: true }));
  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/monitoring`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          try {
            db.close();
          } catch {
            // already closed
          }
          resolve();
        });
      }),
  };
}
