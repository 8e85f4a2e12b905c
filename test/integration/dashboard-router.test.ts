import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { dashboardRouter } from '../../src/dashboard/index.js';
import { insertCheck, insertErrorEvent, insertSpan, tempStore } from '../fixtures/dashboard/db.js';

const XSS = '<img src=x onerror=alert(1)>';
const TOKEN = 's3cret-token';
let store: ReturnType<typeof tempStore>;
let server: Server;
let base: string;

beforeAll(async () => {
  store = tempStore();
  const now = Date.now();
  insertErrorEvent(store, { fingerprint: 'fp-xss', timeMs: now - 60_000, message: `report failed ${XSS}`, context: { note: XSS } });
  insertSpan(store, { name: 'GET /patients', startMs: now - 30_000, durationMs: 12 });
  insertCheck(store, 'database', 'pass', now - 5_000);
  const app = express();
  app.use(dashboardRouter({ db: () => store.db, token: TOKEN }));
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  store.remove();
});

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('dashboardRouter with a token', () => {
  it.each(['/monitoring', '/monitoring/assets/app.js', '/api/summary?window=1h', '/api/errors', '/api/errors/fp-xss', '/api/export', '/api/alerts', '/api/crashes'])('refuses %s without the token', async (path) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('report failed');
  });

  it('refuses a wrong token of the same length', async () => {
    const res = await fetch(`${base}/api/summary?token=${'x'.repeat(TOKEN.length)}`);
    expect(res.status).toBe(401);
  });

  it('serves the page with a strict CSP, no inline script, and the token passed on to its assets', async () => {
    const res = await fetch(`${base}/monitoring?token=${TOKEN}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).toContain(`/monitoring/assets/app.js?token=${TOKEN}`);
    expect(html).not.toContain('report failed');
  });

  it('encodes a hostile token in asset URLs', async () => {
    const app = express();
    const evil = '"><script>x</script>';
    app.use(dashboardRouter({ db: () => store.db, token: evil }));
    const s = createServer(app);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const html = await (await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/monitoring?token=${encodeURIComponent(evil)}`)).text();
    s.close();
    expect(html).not.toContain(evil);
    expect(html).toContain(encodeURIComponent(evil));
  });

  it('serves uPlot from node_modules and only listed assets', async () => {
    const js = await fetch(`${base}/monitoring/assets/uPlot.iife.min.js`, { headers: auth });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain('uPlot');
    expect((await fetch(`${base}/monitoring/assets/uPlot.min.css`, { headers: auth })).headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${base}/monitoring/assets/..%2F..%2Fpackage.json`, { headers: auth })).status).toBe(404);
  });

  it('answers /api/summary with the summary shape', async () => {
    const res = await fetch(`${base}/api/summary?window=1h`, { headers: auth });
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(Object.keys(s).sort()).toEqual(['alerts', 'crashes', 'errors', 'generatedMs', 'health', 'host', 'jobs', 'llm', 'operations', 'requests', 'services', 'slow', 'usedRollups', 'window']);
    expect(s.requests.count).toBe(1);
    expect(s.errors.groups[0].message).toBe(`report failed ${XSS}`);
    expect(s.health.checks[0]).toMatchObject({ name: 'database', status: 'pass' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('rejects an unknown window with 400', async () => {
    const res = await fetch(`${base}/api/summary?window=2d`, { headers: auth });
    expect(res.status).toBe(400);
  });

  it('answers an error group with its latest events as JSON (data stays data)', async () => {
    const res = await fetch(`${base}/api/errors/fp-xss`, { headers: auth });
    expect(res.headers.get('content-type')).toContain('application/json');
    const d = await res.json();
    expect(d.events).toHaveLength(1);
    expect(d.events[0].context).toEqual({ note: XSS });
    expect(d.events[0].stack.frames[0].function).toBe('handler');
    expect((await fetch(`${base}/api/errors/nope`, { headers: auth })).status).toBe(404);
  });

  it('exports JSON as an attachment, alerts from the table without a live engine', async () => {
    const ex = await fetch(`${base}/api/export?window=7d`, { headers: auth });
    expect(ex.headers.get('content-disposition')).toContain('vigil-export-7d.json');
    expect((await ex.json()).errorGroups[0].fingerprint).toBe('fp-xss');
    const al = await (await fetch(`${base}/api/alerts`, { headers: auth })).json();
    expect(al).toEqual({ source: 'table', active: [], silences: [], recent: [] });
  });

  it('answers 503 while the store is closed', async () => {
    const app = express();
    app.use(dashboardRouter({ db: () => undefined }));
    const s = createServer(app);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/api/summary`);
    s.close();
    expect(res.status).toBe(503);
  });
});
