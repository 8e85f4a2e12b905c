import { readFileSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { assetTable, indexHtmlPath } from './assets.js';
import type { Asset } from './assets.js';
import { givenToken, requireToken } from '../server/auth.js';
import { activeFromLive } from './alerts.js';
import { inlineReader, NoDatabaseError } from './reader.js';
import { isSpanId, isTraceId, parseExemplarQuery, parseTraceSearch } from './trace-query.js';
import type { Reader } from './reader.js';
import { fleetOverlay } from './summary.js';
import { isWindowName } from './window.js';
import type { DbGetter, LiveSources, WindowName } from './types.js';

export interface DashboardRouterOptions {
  /** Where reads run: the read thread in-process (see reader.ts). */
  reader?: Reader;
  /** Else reads run inline on this handle; undefined while the store is off. */
  db?: DbGetter;
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

/** JSON already serialized on the read thread: written as is (res.send would hash it for an ETag on this thread; the answer is no-store anyway). */
function sendJsonText(res: Response, text: string): void {
  res.type('json').end(text);
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

  const reader = opts.reader ?? inlineReader(opts.db ?? (() => undefined));
  const now = () => Date.now();
  const slow = opts.slowMs !== undefined ? { slowMs: opts.slowMs } : {};
  const api = (path: string, fn: (req: Request, res: Response) => Promise<void>) => {
    router.get(path, check, (req, res) => {
      res.set('Cache-Control', 'no-store');
      secure(res);
      fn(req, res).catch((err: Error) => {
        if (res.headersSent) return;
        if (err instanceof NoDatabaseError) return void res.status(503).json({ error: 'the monitoring database is not open' });
        diag.warn(`dashboard: ${path} failed: ${err.message}`);
        res.status(500).json({ error: `could not read the monitoring database: ${err.message}` });
      });
    });
  };
  const badWindow = (res: Response) => res.status(400).json({ error: 'window must be one of 1h, 24h, 7d' });

  api('/api/summary', async (req, res) => {
    const window = windowParam(req);
    if (!window) return void badWindow(res);
    sendJsonText(res, await reader.read('summaryJson', { window, now: now(), ...slow, overlay: await fleetOverlay(opts.live) }));
  });
  api('/api/meta', async (_req, res) => {
    res.json({ readThread: reader.threaded, readOnly: !!opts.readOnly, canSilence: !opts.readOnly && !!opts.live?.alerting, live: { health: !!opts.live?.health, alerting: !!opts.live?.alerting } });
  });
  api('/api/errors', async (req, res) => {
    const window = windowParam(req);
    if (!window) return void badWindow(res);
    res.json(await reader.read('errors', { window, now: now() }));
  });
  api('/api/errors/:fingerprint', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 10, 1), 100);
    const detail = await reader.read('errorGroup', { fingerprint: String(req.params.fingerprint), limit });
    if (!detail) res.status(404).json({ error: 'no such error group' });
    else res.json(detail);
  });
  api('/api/export', async (req, res) => {
    const window = windowParam(req);
    if (!window) return void badWindow(res);
    const doc = await reader.read('exportJson', { window, now: now(), ...slow, overlay: await fleetOverlay(opts.live) });
    sendJsonText(res.set('Content-Disposition', `attachment; filename="vigil-export-${window}.json"`), doc);
  });
  api('/api/crashes', async (req, res) => {
    const window = windowParam(req) ?? '7d';
    res.json({ window, crashes: await reader.read('crashes', { window, now: now() }) });
  });
  api('/api/crashes/:id', async (req, res) => {
    const c = await reader.read('crash', { id: String(req.params.id) });
    if (!c) res.status(404).json({ error: 'no such crash report' });
    else res.json(c);
  });
  api('/api/jobs', async (req, res) => {
    const window = windowParam(req) ?? '24h';
    res.json({ window, jobs: await reader.read('jobs', { window, now: now() }) });
  });
  api('/api/traces', async (req, res) => {
    const q = parseTraceSearch(req.query, now());
    if ('error' in q) return void res.status(400).json({ error: q.error });
    res.json({ query: q, traces: await reader.read('traces', q) });
  });
  api('/api/traces/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!isTraceId(id)) return void res.status(400).json({ error: 'a trace id is 32 hex characters' });
    if (req.query.compact === '1') {
      const text = await reader.read('traceCompactJson', { traceId: id.toLowerCase() });
      if (text === null) return void res.status(404).json({ error: 'no such trace in this database' });
      return void sendJsonText(res, text);
    }
    const t = await reader.read('trace', { traceId: id });
    if (!t) res.status(404).json({ error: 'no such trace in this database' });
    else res.json(t);
  });
  api('/api/traces/:id/spans/:spanId', async (req, res) => {
    const id = String(req.params.id);
    const spanId = String(req.params.spanId);
    if (!isTraceId(id) || !isSpanId(spanId)) return void res.status(400).json({ error: 'a trace id is 32 hex characters, a span id 16' });
    const s = await reader.read('traceSpan', { traceId: id.toLowerCase(), spanId: spanId.toLowerCase() });
    if (!s) res.status(404).json({ error: 'no such span in this trace' });
    else res.json(s);
  });
  api('/api/exemplars', async (req, res) => {
    const q = parseExemplarQuery(req.query);
    if ('error' in q) return void res.status(400).json({ error: q.error });
    res.json({ query: q, exemplars: await reader.read('exemplars', q) });
  });
  api('/api/alerts', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 100, 1), 1000);
    const stored = await reader.read('alerts', { limit, now: now() });
    const live = opts.live?.alerting;
    if (live) res.json({ source: 'live', active: activeFromLive(live), silences: live.listSilences?.() ?? [], recent: stored.recent });
    else res.json({ source: 'table', ...stored });
  });
  return router;
}
