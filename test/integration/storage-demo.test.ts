import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { NODE, ROOT, eventually, startApp, tempDir } from '../helpers/child.js';
import { startDemo } from '../helpers/demo.js';
import type { Demo } from '../helpers/demo.js';

// The demo EMR under the preload, load.mjs against it, and the tables read back.
const run = promisify(execFile);
const LOAD = resolve(ROOT, 'examples/emr-clinic/load.mjs');
const ROUNDS = 6;

let demo: Demo;
let appUrl: string;
let dbPath: string;

type Row = Record<string, unknown>;
const query = (sql: string): Row[] => readAll(dbPath, sql);
// The _ns columns exceed 2^53 (node:sqlite refuses them without readBigInts): name the columns read.
const SPAN_COLS = 'trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, service_name, scope_name, attributes';
const MSG_COLS = 'time_ms, severity_number, severity_text, body, trace_id, span_id, service_name, scope_name, attributes';
const count = (sql: string): number => Number(query(sql)[0]!.n);

beforeAll(async () => {
  demo = await startDemo({ VIGIL_PORT: '0' });
  dbPath = resolve(demo.dataDir, 'monitoring.db');
  appUrl = demo.appUrl;
  await run(NODE, [LOAD, appUrl, String(ROUNDS)]);
  // Every round ends with GET /patients/999999 (a 404): wait until the last ones are written.
  await eventually(() => count(`SELECT COUNT(*) AS n FROM spans WHERE name = 'GET /patients/:id'`) >= 2 * ROUNDS || undefined);
  await eventually(() => count(`SELECT COUNT(*) AS n FROM metrics WHERE name = 'http.server.request.duration'`) > 0 || undefined);
});

afterAll(() => {
  demo?.stop();
});

describe('the demo writes spans, metrics and logs to monitoring.db', () => {
  it('stores server spans named by route, with kinds, JSON attributes and positive durations', () => {
    const server = query(`SELECT ${SPAN_COLS} FROM spans WHERE kind = 1`);
    const names = new Set(server.map((s) => s.name));
    for (const name of ['POST /patients', 'GET /patients/:id', 'FHIR read Patient', 'POST /visits', 'POST /visits/:id/prescription', 'GET /reports/broken']) {
      expect(names, name).toContain(name);
    }
    expect(server.filter((s) => s.name === 'POST /patients')).toHaveLength(ROUNDS);
    for (const s of server) {
      expect(s.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(s.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(Number(s.duration_ms)).toBeGreaterThan(0);
      expect(Number(s.end_ms)).toBeGreaterThanOrEqual(Number(s.start_ms));
      expect(s.service_name).toBe('emr-clinic');
      const attrs = JSON.parse(String(s.attributes)) as Record<string, unknown>;
      // FHIR calls are named by interaction (FHIR read Patient), the rest by method and route.
      if (!String(s.name).startsWith('FHIR ')) expect(attrs['http.request.method']).toBe(String(s.name).split(' ')[0]);
      expect(typeof attrs['http.response.status_code']).toBe('number');
    }
    // The failing route is an error span; the LLM call is a client span (kind 2) in the prescription's trace.
    const broken = server.filter((s) => s.name === 'GET /reports/broken');
    expect(broken.every((s) => s.status_code === 2)).toBe(true);
    const client = query(`SELECT c.span_id FROM spans c JOIN spans p ON c.trace_id = p.trace_id WHERE c.kind = 2 AND c.name = 'POST' AND p.name = 'POST /visits/:id/prescription'`);
    expect(client.length).toBeGreaterThan(0);
    // Root server spans are transactions.
    expect(count(`SELECT COUNT(*) AS n FROM transactions WHERE name = 'POST /patients'`)).toBe(ROUNDS);
  });

  it("stores the demo's database and LLM calls as client spans under the request", () => {
    // clinic.db sits beside monitoring.db, as in the demo's defaults (./data/clinic.db, VIGIL_DATA_DIR=./data).
    const db = query(`SELECT ${SPAN_COLS} FROM spans WHERE scope_name LIKE '%node-sqlite%'`);
    expect(db.map((s) => s.name)).toContain('INSERT patients');
    for (const s of db) {
      expect(s.kind).toBe(2);
      expect(JSON.parse(String(s.attributes))).toMatchObject({ 'db.system.name': 'sqlite' });
    }
    expect(query(`SELECT name FROM spans WHERE scope_name LIKE '%ollama%'`).length).toBeGreaterThan(0);
  });

  it('stores histogram points with their buckets and route attributes', async () => {
    // Delta points: once the last interval is exported, the counts add up to the requests served.
    // Both are read afresh each time: the demo is still serving, so either may be a batch ahead.
    const served = () => count(`SELECT COUNT(*) AS n FROM spans WHERE kind = 1`);
    const sumCounts = () => count(`SELECT COALESCE(SUM(count), 0) AS n FROM metrics WHERE name = 'http.server.request.duration'`);
    await eventually(() => sumCounts() === served() || undefined).catch(() => undefined);
    const [spans, counted] = [served(), sumCounts()];
    expect(spans).toBeGreaterThan(0);
    expect(counted).toBe(spans);
    const points = query(`SELECT * FROM metrics WHERE name = 'http.server.request.duration'`);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      expect(p.type).toMatch(/histogram/);
      expect(p.unit).toBe('s');
      const buckets = JSON.parse(String(p.buckets)) as { boundaries?: number[]; counts?: number[]; positive?: { counts: number[] } };
      if (p.type === 'histogram') {
        expect(buckets.counts).toHaveLength(buckets.boundaries!.length + 1);
        expect(buckets.counts!.reduce((a, b) => a + b, 0)).toBe(Number(p.count));
      } else {
        expect(Array.isArray(buckets.positive?.counts)).toBe(true);
      }
      const attrs = JSON.parse(String(p.attributes)) as Record<string, unknown>;
      expect(attrs['http.request.method']).toBeDefined();
    }
    const routes = new Set(points.map((p) => (JSON.parse(String(p.attributes)) as Record<string, unknown>)['http.route']));
    expect(routes).toContain('/patients/:id');
  });

  it('stores log records emitted through the OTel logs API', async () => {
    const data = tempDir();
    const app = startApp(resolve(ROOT, 'test/fixtures/storage/app.mjs'), { VIGIL_DATA_DIR: data, OTEL_SERVICE_NAME: 'log-fixture' });
    try {
      const port = (await app.waitFor(/LISTENING (\d+)/))[1];
      for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${port}/log/${i}`)).text();
      const db = resolve(data, 'monitoring.db');
      const rows = await eventually(() => {
        const r = readAll(db, `SELECT ${MSG_COLS} FROM messages ORDER BY time_ms`);
        return r.length >= 3 ? r : undefined;
      });
      expect(rows.map((r) => r.body)).toEqual(['handled /log/0', 'handled /log/1', 'handled /log/2']);
      for (const r of rows) {
        expect(r.severity_number).toBe(9);
        expect(r.severity_text).toBe('INFO');
        expect(r.service_name).toBe('log-fixture');
        expect(r.scope_name).toBe('x');
        expect(Math.abs(Number(r.time_ms) - Date.now())).toBeLessThan(60_000);
        // Emitted inside the request: correlated with the server span.
        expect(r.trace_id).toMatch(/^[0-9a-f]{32}$/);
        expect(JSON.parse(String(r.attributes))).toMatchObject({ 'fixture.path': expect.stringMatching(/^\/log\/\d$/) });
      }
      const spanIds = new Set(readAll(db, `SELECT span_id FROM spans WHERE kind = 1`).map((s) => s.span_id));
      expect(rows.every((r) => spanIds.has(r.span_id))).toBe(true);
    } finally {
      app.kill('SIGKILL');
    }
  });

  it('lets a second process read counts while the demo writes under load', async () => {
    const before = count(`SELECT COUNT(*) AS n FROM spans`);
    const proc = execFile(NODE, [resolve(ROOT, 'test/fixtures/storage/reader.mjs'), dbPath, '4000']);
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((res) => proc.on('exit', res));
    await run(NODE, [LOAD, appUrl, String(ROUNDS)]);
    const code = await exited;
    const done = /DONE (.*)/.exec(out);
    expect(done, out.slice(-2000)).not.toBeNull();
    const summary = JSON.parse(done![1]!) as { reads: number; errors: string[] };
    expect(summary.errors).toEqual([]);
    expect(code).toBe(0);
    expect(summary.reads).toBeGreaterThan(20);
    // The reader saw the writer's progress, not one frozen snapshot.
    const seen = out.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { spans: number }).spans);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...seen)).toBeGreaterThan(Math.min(...seen));
  });
});

function readAll(path: string, sql: string): Row[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all() as Row[];
  } finally {
    db.close();
  }
}
