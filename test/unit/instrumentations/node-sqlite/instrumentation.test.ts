import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esm from 'node:sqlite';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { NodeSqliteInstrumentation, kUntraced } from '../../../../instrumentations/node-sqlite/index.js';
import { histogramCount, setupOtel } from '../otel.js';

const cjs = createRequire(import.meta.url)('node:sqlite') as typeof esm;
// Most tests call without an enclosing span: they ask for the spans a parentless call makes when configured to.
const instrumentation = new NodeSqliteInstrumentation({ ignoreDatabase: (loc) => loc.endsWith('ignored.db'), requireParentSpan: false });
const otel = setupOtel([instrumentation]);
const dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-'));
const SECRET = 'Jane Secret-Doe';

afterEach(() => otel.spans.reset());
afterAll(async () => {
  await otel.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const spans = () => otel.spans.getFinishedSpans();
const everything = () => JSON.stringify(spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));

describe.each([
  ['ESM import', esm],
  ['CommonJS require', cjs],
])('node:sqlite through %s', (kind, sqlite) => {
  let db: esm.DatabaseSync;
  beforeAll(() => {
    db = new sqlite.DatabaseSync(join(dir, `${kind === 'ESM import' ? 'esm' : 'cjs'}.db`));
  });
  afterAll(() => db.close());

  test('exec, prepare/run/get/all become CLIENT spans with sanitized text and no parameter values', () => {
    db.exec("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT, note TEXT DEFAULT 'none')");
    const insert = db.prepare('INSERT INTO patients (name) VALUES (?)');
    expect(insert.run(SECRET).changes).toBe(1);
    insert.run('Other Person');
    expect(db.prepare('SELECT name FROM patients WHERE id = ?').get(1)).toEqual({ name: SECRET });
    expect(db.prepare("SELECT * FROM patients WHERE name <> 'Literal Name' AND id > 0").all()).toHaveLength(2);

    const names = spans().map((s) => s.name);
    expect(names).toEqual(['CREATE patients', 'INSERT patients', 'INSERT patients', 'SELECT patients', 'SELECT patients']);
    const all = spans()[4];
    expect(all.kind).toBe(SpanKind.CLIENT);
    expect(all.attributes).toMatchObject({
      'db.system.name': 'sqlite',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'patients',
      'db.namespace': kind === 'ESM import' ? 'esm.db' : 'cjs.db',
      'db.query.text': 'SELECT * FROM patients WHERE name <> ? AND id > ?',
      'db.response.returned_rows': 2,
    });
    expect(spans()[0].attributes['db.query.text']).toBe('CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT, note TEXT DEFAULT ?)');
    expect(everything()).not.toContain(SECRET);
    expect(everything()).not.toContain('Literal Name');
    expect(everything()).not.toContain('Other Person');
  });

  test('iterate ends its span when iteration ends, early or not, and keeps iterator helpers', () => {
    const stmt = db.prepare('SELECT id FROM patients ORDER BY id');
    expect([...stmt.iterate()].map((r) => r.id)).toEqual([1, 2]);
    for (const row of stmt.iterate()) {
      expect(row.id).toBe(1);
      break;
    }
    const it = stmt.iterate() as unknown as { map(f: (r: { id: number }) => number): { toArray(): number[] } };
    expect(it.map((r) => r.id * 10).toArray()).toEqual([10, 20]);
    expect(spans().map((s) => s.attributes['db.response.returned_rows'])).toEqual([2, 1, 2]);
  });

  test('a failing call marks the span and rethrows the same error', () => {
    let thrown: unknown;
    try {
      db.exec("INSERT INTO nowhere VALUES ('x')");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    const [span] = spans();
    expect(span.name).toBe('INSERT nowhere');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('1');
    expect(span.attributes['db.response.status_code']).toBe('1');
    expect(span.events[0].name).toBe('exception');

    otel.spans.reset();
    // Failing at prepare() ("no such table"): a span and a metric point like any failing call.
    expect(() => db.prepare('SELECT * FROM missing_table WHERE id = ?')).toThrow(/no such table/);
    const [prepared] = spans();
    expect(prepared?.name).toBe('SELECT missing_table');
    expect(prepared?.status.code).toBe(SpanStatusCode.ERROR);
    expect(prepared?.attributes['error.type']).toBe('1');
    expect(prepared?.events[0]?.name).toBe('exception');

    const unique = db.prepare('INSERT INTO patients (id, name) VALUES (?, ?)');
    expect(() => unique.run(1, SECRET)).toThrow(/UNIQUE/);
    expect(everything()).not.toContain(SECRET);
  });
});

describe('what is not traced', () => {
  test('suppressed tracing, databases marked kUntraced, and ignored databases', () => {
    const own = new esm.DatabaseSync(':memory:');
    (own as unknown as Record<symbol, unknown>)[kUntraced] = true;
    own.exec('CREATE TABLE t (x)');
    own.prepare('INSERT INTO t VALUES (?)').run(1);
    const ignored = new esm.DatabaseSync(join(dir, 'ignored.db'));
    ignored.exec('CREATE TABLE t (x)');
    const app = new esm.DatabaseSync(':memory:');
    context.with(suppressTracing(context.active()), () => app.exec('CREATE TABLE t (x)'));
    expect(spans()).toHaveLength(0);
    app.prepare('SELECT 1').get();
    expect(spans().map((s) => s.name)).toEqual(['SELECT']);
    for (const d of [own, ignored, app]) d.close();
  });

  test('a statement prepared before enable() is traced on use, from its own SQL', () => {
    instrumentation.disable();
    const db = new esm.DatabaseSync(':memory:');
    const stmt = db.prepare('SELECT 42 AS answer');
    instrumentation.enable();
    expect(stmt.get()).toEqual({ answer: 42 });
    expect(spans()[0].attributes['db.query.text']).toBe('SELECT ? AS answer');
    instrumentation.disable();
    stmt.get();
    expect(spans()).toHaveLength(1);
    instrumentation.enable();
    db.close();
  });
});

test('db.client.operation.duration by system, operation and table, with error.type on failures', async () => {
  const m = (await otel.collect()).get('db.client.operation.duration');
  expect(m?.descriptor.unit).toBe('s');
  expect(histogramCount(m, { 'db.system.name': 'sqlite', 'db.operation.name': 'INSERT', 'db.collection.name': 'patients' })).toBeGreaterThanOrEqual(4);
  expect(histogramCount(m, { 'db.operation.name': 'INSERT', 'error.type': '1555' })).toBe(2);
  // One failed prepare() per module kind.
  expect(histogramCount(m, { 'db.operation.name': 'SELECT', 'db.collection.name': 'missing_table', 'error.type': '1' })).toBe(2);
  for (const p of m!.dataPoints) expect(Object.keys(p.attributes)).not.toContain('db.query.text');
});

test('by default, an operation outside any span makes no span but still records its duration', async () => {
  const config = instrumentation.getConfig();
  instrumentation.setConfig({ ignoreDatabase: config.ignoreDatabase });
  try {
    const db = new esm.DatabaseSync(':memory:');
    db.exec('CREATE TABLE startup_rows (x)');
    const insert = db.prepare('INSERT INTO startup_rows VALUES (?)');
    for (let i = 0; i < 100; i++) insert.run(i);
    expect([...db.prepare('SELECT x FROM startup_rows').iterate()]).toHaveLength(100);
    expect(() => db.prepare('SELECT * FROM missing_startup_table')).toThrow(/no such table/);
    expect(spans()).toHaveLength(0);
    const m = (await otel.collect()).get('db.client.operation.duration');
    expect(histogramCount(m, { 'db.operation.name': 'INSERT', 'db.collection.name': 'startup_rows' })).toBe(100);

    // Inside a request's span, the same statement is traced as its child.
    const tracer = otel.tracerProvider.getTracer('test');
    tracer.startActiveSpan('GET /patients', (parent) => {
      insert.run(101);
      parent.end();
    });
    const [child, request] = spans();
    expect(child?.name).toBe('INSERT startup_rows');
    expect(child?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(trace.getSpan(context.active())).toBeUndefined();
    db.close();
  } finally {
    instrumentation.setConfig(config);
  }
});
