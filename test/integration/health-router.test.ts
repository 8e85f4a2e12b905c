import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, diskCheck, healthRouter } from '../../src/health/index.js';
import type { Health } from '../../src/health/index.js';

let server: Server | undefined;
let health: Health | undefined;
afterEach(async () => {
  health?.stop();
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
});

async function serve(h: Health, token?: string): Promise<string> {
  const app = express();
  app.use(healthRouter(h, { token }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('health endpoints in a real Express app', () => {
  it('GET /health: 200 pass with the short body; details with ?verbose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-health-router-'));
    try {
      health = createHealth({ serviceId: 'emr-clinic', version: '0.1.0' });
      health.add(diskCheck({ path: dir, warnPercent: 101, failPercent: 101 }));
      health.register('db', () => true, { critical: true });
      const base = await serve(health);
      const short = await get(`${base}/health`);
      expect(short).toEqual({ status: 200, type: 'application/health+json; charset=utf-8', body: { status: 'pass', version: '0.1.0', serviceId: 'emr-clinic' } });
      const verbose = await get(`${base}/health?verbose`);
      expect(verbose.status).toBe(200);
      expect(Object.keys(verbose.body.checks).sort()).toEqual(['db:status', 'disk:utilization', 'uptime']);
      expect(verbose.body.checks['disk:utilization'][0]).toMatchObject({ componentId: dir, componentType: 'system', observedUnit: '%', status: 'pass' });
      expect(verbose.body.system.node).toBe(process.version);
      expect(verbose.body.score).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GET /health: 200 for warn, 503 for a failing critical check', async () => {
    health = createHealth();
    let dbUp = true;
    health.register('db', () => dbUp, { critical: true });
    health.register('backup', () => false);
    const base = await serve(health);
    expect(await get(`${base}/health`)).toMatchObject({ status: 200, body: { status: 'warn' } });
    dbUp = false;
    await health.runNow('db');
    const failing = await get(`${base}/health?verbose`);
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ status: 'fail', output: 'db: the check returned false; backup: the check returned false' });
  });

  it('GET /livez stays 200 whatever the dependencies; /readyz follows critical checks and shutdown', async () => {
    health = createHealth();
    let dbUp = true;
    health.register('db', () => dbUp, { critical: true });
    health.register('ollama', () => false);
    const base = await serve(health);
    expect(await get(`${base}/readyz`)).toEqual({ status: 200, type: 'application/health+json; charset=utf-8', body: { status: 'pass' } });
    dbUp = false;
    await health.runNow('db');
    expect(await get(`${base}/readyz`)).toMatchObject({ status: 503, body: { status: 'fail', output: 'failing: db' } });
    expect(await get(`${base}/livez`)).toMatchObject({ status: 200, body: { status: 'pass' } });
    dbUp = true;
    await health.runNow('db');
    health.markShuttingDown();
    expect(await get(`${base}/readyz`)).toMatchObject({ status: 503, body: { status: 'fail', output: 'shutting down' } });
    expect(await get(`${base}/livez`)).toMatchObject({ status: 200 });
    expect(await get(`${base}/health`)).toMatchObject({ status: 200, body: { status: 'warn', notes: ['shutting down'] } });
  });

  it('with a token: details and /api/health only with it (Bearer or ?token=)', async () => {
    health = createHealth();
    health.register('db', () => true, { critical: true });
    const base = await serve(health, 's3cret');
    expect((await get(`${base}/health?verbose`)).body.checks).toBeUndefined();
    expect((await get(`${base}/health?verbose&token=wrong`)).body.checks).toBeUndefined();
    expect((await get(`${base}/health?token=s3cret`)).body.checks['db:status']).toHaveLength(1);
    expect((await get(`${base}/health`, { authorization: 'Bearer s3cret' })).body.checks['db:status']).toHaveLength(1);
    expect((await get(`${base}/health`)).status).toBe(200);
    expect((await get(`${base}/api/health`)).status).toBe(401);
    expect((await get(`${base}/api/health`, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get(`${base}/api/health?token=s3cret`)).status).toBe(200);
  });

  it('GET /api/health: report, score and history summary from health_checks', async () => {
    const db = new DatabaseSync(':memory:');
    db.exec(`CREATE TABLE health_checks(id INTEGER PRIMARY KEY, time_ms INTEGER, check_name TEXT, status TEXT, observed_value REAL, observed_unit TEXT, output TEXT, duration_ms REAL, critical INTEGER, service_name TEXT, pid INTEGER)`);
    health = createHealth({ db: () => db });
    let ok = true;
    health.register('db', () => ok, { critical: true });
    health.register('ollama', () => ({ status: 'warn', output: 'model missing' }));
    await health.runNow();
    ok = false;
    await health.runNow('db');
    const base = await serve(health);
    const r = await get(`${base}/api/health`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ status: 'fail', shuttingDown: false, score: 13 });
    expect(r.body.history.hours).toBe(24);
    expect(r.body.history.checks).toEqual([
      { check: 'db', pass: 1, warn: 0, fail: 1, availability: 50, lastFailMs: expect.any(Number) },
      { check: 'ollama', pass: 0, warn: 1, fail: 0, availability: 100 },
    ]);
    db.close();
  });

  it('a first request runs a never-run check, bounded by its timeout', async () => {
    health = createHealth();
    health.register('hangs', () => new Promise<boolean>(() => {}), { critical: true, timeout: 100 });
    const base = await serve(health);
    const r = await get(`${base}/health?verbose`);
    expect(r.status).toBe(503);
    expect(r.body.checks['hangs:status'][0].output).toBe('timed out after 100 ms');
  });
});
