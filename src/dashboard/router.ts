import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { diag } from '@opentelemetry/api';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { assetTable, indexHtmlPath } from './assets.js';
import type { Asset } from './assets.js';
import { givenToken, requireToken } from '../server/auth.js';
import { exportJson } from './export.js';
import { activeFromLive, activeFromTable, recentAlerts } from './queries-alerts.js';
import { errorGroupDetail, errorSummary } from './queries-errors.js';
import { crashDetail, crashSummary, jobSummary } from './queries-misc.js';
import { buildSummary } from './summary.js';
import { isWindowName, windowOf } from './window.js';
import type { DbGetter, LiveSources, WindowName } from './types.js';
import { readSilences } from '../alerting/silence-rows.js';

export interface DashboardRouterOptions {
  /** The database handle (writer or read-only); undefined while the store is off. */
  db: DbGetter;
  /** VIGIL_DASHBOARD_TOKEN: when set, the page, its assets and /api/* need it. */
  token?: string;
  /** No silence buttons (offline review of a copy: nothing to write to). */
  readOnly?: boolean;
  live?: LiveSources;
  /** Slow-operation threshold, ms. */
  slowMs?: number;
}

// No inline script or style anywhere: data can never become code, whatever it contains.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function secure(res: Response): void {
  res.set({
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    // The token may be in the URL: never send it on in a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
}

function windowParam(req: Request): WindowName | undefined {
  const w = req.query.window ?? '24h';
  return isWindowName(w) ? w : undefined;
}

/**
 * GET /monitoring (the page), /monitoring/assets/*, and the read API the
 * page uses: /api/summary, /api/errors, /api/errors/:fingerprint,
 * /api/export, /api/crashes, /api/crashes/:id, /api/jobs, /api/meta and
 * /api/alerts (the live engine when given, else the alerts table).
 */
export function dashboardRouter(opts: DashboardRouterOptions): Router {
  const router = Router();
  const check = requireToken(opts.token || undefined);
  let assets: Map<string, Asset> | undefined;
  let html: string | undefined;
  const cache = new Map<string, Buffer>();

  router.get('/monitoring', check, (req, res) => {
    try {
      html ??= readFileSync(indexHtmlPath(), 'utf8');
    } catch (err) {
      diag.warn(`dashboard: cannot read its page (${(err as Error).message})`);
      res.status(500).type('text/plain').send('the dashboard files are missing from this installation\n');
      return;
    }
    const token = opts.token ? givenToken(req) : undefined;
    // The assets need the token too; it goes in their URLs (encoded, so it cannot leave the attribute).
    const q = token ? `?token=${encodeURIComponent(token)}` : '';
    secure(res);
    res.set('Cache-Control', 'no-store').type('html').send(html.replaceAll('{{q}}', q));
  });

  router.get('/monitoring/assets/:file', check, (req, res) => {
    assets ??= assetTable();
    const a = assets.get(String(req.params.file));
    if (!a) {
      res.status(404).type('text/plain').send('no such asset\n');
      return;
    }
    let body = cache.get(a.path);
    try {
      body ??= readFileSync(a.path);
    } catch (err) {
      diag.warn(`dashboard: cannot read ${a.path} (${(err as Error).message})`);
      res.status(500).type('text/plain').send('asset missing from this installation\n');
      return;
    }
    cache.set(a.path, body);
    secure(res);
    res.set('Cache-Control', 'private, max-age=300').type(a.type).send(body);
  });

  const api = (path: string, fn: (db: DatabaseSync, req: Request, res: Response) => void) => {
    router.get(path, check, (req, res) => {
      res.set('Cache-Control', 'no-store');
      secure(res);
      let db: DatabaseSync | undefined;
      try {
        db = opts.db();
      } catch {
        db = undefined;
      }
      if (!db) {
        res.status(503).json({ error: 'the monitoring database is not open' });
        return;
      }
      try {
        fn(db, req, res);
      } catch (err) {
        diag.warn(`dashboard: ${path} failed: ${(err as Error).message}`);
        if (!res.headersSent) res.status(500).json({ error: `could not read the monitoring database: ${(err as Error).message}` });
      }
    });
  };
  const badWindow = (res: Response) => res.status(400).json({ error: 'window must be one of 1h, 24h, 7d' });

  api('/api/summary', (db, req, res) => {
    const window = windowParam(req);
    if (!window) return void badWindow(res);
    res.json(buildSummary(db, { window, live: opts.live, ...(opts.slowMs !== undefined ? { slowMs: opts.slowMs } : {}) }));
  });
  api('/api/meta', (_db, _req, res) => {
    res.json({ readOnly: !!opts.readOnly, canSilence: !opts.readOnly && !!opts.live?.alerting, live: { health: !!opts.live?.health, alerting: !!opts.live?.alerting } });
  });
  api('/api/errors', (db, req, res) => {
    const window = windowParam(req);
    if (!window) return void badWindow(res);
    res.json({ window, ...errorSummary(db, windowOf(window, Date.now()), 200) });
  });
  api('/api/errors/:fingerprint', (db, req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 10, 1), 100);
    const detail = errorGroupDetail(db, String(req.params.fingerprint), limit);
    if (!detail) res.status(404).json({ error: 'no such error group' });
    else res.json(detail);
  });
  api('/api/export', (db, req, res) => {
    const window = windowParam(req);
    if (!window) return void badWindow(res);
    const doc = exportJson(db, { window, live: opts.live });
    res.set('Content-Disposition', `attachment; filename="vigil-export-${window}.json"`).json(doc);
  });
  api('/api/crashes', (db, req, res) => {
    const window = windowParam(req) ?? '7d';
    res.json({ window, crashes: crashSummary(db, windowOf(window, Date.now()), 200) });
  });
  api('/api/crashes/:id', (db, req, res) => {
    const c = crashDetail(db, String(req.params.id));
    if (!c) res.status(404).json({ error: 'no such crash report' });
    else res.json(c);
  });
  api('/api/jobs', (db, req, res) => {
    const window = windowParam(req) ?? '24h';
    res.json({ window, jobs: jobSummary(db, windowOf(window, Date.now())) });
  });
  api('/api/alerts', (db, req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 100, 1), 1000);
    const recent = recentAlerts(db, 0, Date.now() + 1, limit);
    const live = opts.live?.alerting;
    if (live) {
      res.json({ source: 'live', active: activeFromLive(live), silences: live.listSilences?.() ?? [], recent });
      return;
    }
    // One reader of the table for every surface: a bad row is skipped, never hides the others.
    const silences = readSilences(db, { all: false, now: Date.now() }).silences.sort((a, b) => a.startsAtMs - b.startsAtMs);
    res.json({ source: 'table', active: activeFromTable(db), silences, recent });
  });
  return router;
}
