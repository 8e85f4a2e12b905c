// A month of the demo's load in monitoring.db: bytes per span and per metric
// point, and the file size with rollups and retention (90 days: the month
// stays; 7 days: the effect), plus the size cap (VIGIL_MAX_DB_MB, 2048).
//  1. Measures the demo (examples/emr-clinic under the preload) while
//     load.mjs runs: spans/s, and metric points per export.
//  2. Simulates 30 days with the store's own INSERT statements, copying the
//     demo's real rows (attributes, names, trace shapes) with fresh ids and
//     backdated times: metric points at the default 60 s export interval,
//     spans at the measured rate times BENCH_DUTY. load.mjs is a stress loop
//     with no think time (its 2,000-patient import alone is ~2,000 INSERT
//     spans), so a full month at its rate (~3x10^9 spans) is no clinic's
//     month; BENCH_DUTY (default 0.001, about 1.5 min of load.mjs traffic a
//     day) scales it, and the figure at BENCH_DUTY=1 is extrapolated.
//  3. Runs aggregateHourly, cleanup(90 d), the size cap; then cleanup(7 d).
// Usage: npm run build && node bench/store-month.mjs
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { NODE, ROOT } from './lib.mjs';

const DUTY = Number(process.env.BENCH_DUTY ?? 0.001);
const DAYS = 30;
const EXPORT_S = 60; // OTEL_METRIC_EXPORT_INTERVAL default
const MAX_DB_MB = Number(process.env.VIGIL_MAX_DB_MB ?? 2048);
const DAY_MS = 86_400_000;
const MB = 1024 * 1024;

let store, spanRows, metricRows;
try {
  store = await import(new URL('../dist/src/store/index.js', import.meta.url).href);
  spanRows = await import(new URL('../dist/exporters/sqlite/span-rows.js', import.meta.url).href);
  metricRows = await import(new URL('../dist/exporters/sqlite/metric-rows.js', import.meta.url).href);
} catch (err) {
  console.error('bench/store-month: build first (npm run build):', err.message);
  process.exit(1);
}
const dirs = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'vigil-bench-month-'));
  dirs.push(d);
  return d;
};

function startChild(args, env, ready) {
  const proc = spawn(NODE, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      if (ready.test(out)) res(proc);
    });
    proc.on('exit', (code) => rej(new Error(`${args.at(-1)} exited ${code}`)));
  });
}

/** Step 1: the demo under load.mjs; returns its db path, the load's duration and rate. */
async function measureDemo() {
  const data = tmp();
  // The clinic's own database outside VIGIL_DATA_DIR: the node-sqlite instrumentation ignores every
  // database under the data dir (src/sdk/instrumentations.ts), which would hide the demo's db spans.
  const clinic = tmp();
  const ports = [38000 + Math.floor(Math.random() * 2000), 40000 + Math.floor(Math.random() * 2000)];
  const ollama = await startChild([join(ROOT, 'examples/emr-clinic/fake-ollama.mjs')], { PORT: String(ports[0]) }, /stand-in Ollama/);
  const demo = await startChild(
    ['--import', join(ROOT, 'dist/src/register.js'), join(ROOT, 'examples/emr-clinic/server.mjs')],
    {
      PORT: String(ports[1]), VIGIL_PORT: '0', VIGIL_DATA_DIR: data, CLINIC_DB: join(clinic, 'clinic.db'),
      OLLAMA_HOST: `http://127.0.0.1:${ports[0]}`, OTEL_SERVICE_NAME: 'emr-clinic',
      OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
    /EMR clinic on/,
  );
  const t0 = performance.now();
  execFileSync(NODE, [join(ROOT, 'examples/emr-clinic/load.mjs'), `http://127.0.0.1:${ports[1]}`, '40'], { stdio: 'pipe' });
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 2500)); // last span batch and metric export
  demo.kill('SIGTERM');
  ollama.kill('SIGKILL');
  await new Promise((r) => demo.on('exit', r));
  return { path: join(data, 'monitoring.db'), seconds };
}

const SPAN_COLS = `trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, status_message,
  service_name, scope_name, attributes, events, links, remote_parent, start_time_ns - start_ms * 1000000 AS sub_ns`;

function templates(path) {
  const db = new DatabaseSync(path, { readOnly: true });
  const spans = db.prepare(`SELECT ${SPAN_COLS} FROM spans ORDER BY start_ms`).all();
  const byTrace = new Map();
  for (const s of spans) byTrace.set(s.trace_id, [...(byTrace.get(s.trace_id) ?? []), s]);
  // The largest complete export under load: every series the demo has.
  const largest = db.prepare('SELECT time_ms FROM metrics GROUP BY time_ms ORDER BY COUNT(*) DESC LIMIT 1').get().time_ms;
  const points = db.prepare('SELECT name, type, unit, attributes, value, count, sum, min, max, buckets, service_name, temporality, scope_name FROM metrics WHERE time_ms = ?').all(largest);
  db.close();
  return { spans, traces: [...byTrace.values()], points };
}

const hex = (bytes) => randomBytes(bytes).toString('hex');

/** Step 2: a month of spans and metric points, oldest first, in 512-row transactions. */
function simulate(db, t, spansPerS, now) {
  const insertSpan = db.prepare(spanRows.INSERT_SPAN);
  const insertPoint = db.prepare(metricRows.INSERT_METRIC);
  const start = now - DAYS * DAY_MS;
  const spansPerTrace = t.spans.length / t.traces.length;
  const traceEveryMs = (1000 * spansPerTrace) / spansPerS;
  let batch = 0;
  const tick = () => {
    if (++batch % 512 === 0) {
      db.exec('COMMIT');
      db.exec('BEGIN');
    }
  };
  const base = store.usedBytes(db);
  db.exec('BEGIN');
  let nSpans = 0;
  for (let at = start, i = 0; at < now; at += traceEveryMs, i++) {
    const trace = t.traces[i % t.traces.length];
    const traceId = hex(16);
    const ids = new Map(trace.map((s) => [s.span_id, hex(8)]));
    const t0 = trace[0].start_ms;
    for (const s of trace) {
      const startMs = Math.floor(at) + (s.start_ms - t0);
      const endMs = startMs + (s.end_ms - s.start_ms);
      const ns = (ms) => BigInt(ms) * 1_000_000n + BigInt(s.sub_ns ?? 0);
      insertSpan.run(traceId, ids.get(s.span_id), s.parent_span_id ? (ids.get(s.parent_span_id) ?? s.parent_span_id) : null, s.name, s.kind,
        ns(startMs), ns(endMs), s.duration_ms, s.status_code, s.status_message, s.service_name, s.scope_name, s.attributes, s.events, s.links, startMs, endMs, s.remote_parent);
      nSpans++;
      tick();
    }
  }
  db.exec('COMMIT');
  const afterSpans = store.usedBytes(db);
  db.exec('BEGIN');
  let nPoints = 0;
  for (let at = start; at < now; at += EXPORT_S * 1000) {
    for (const p of t.points) {
      insertPoint.run(at, p.name, p.type, p.unit, p.attributes, p.value, p.count, p.sum, p.min, p.max, p.buckets, p.service_name, p.temporality, p.scope_name);
      nPoints++;
      tick();
    }
  }
  db.exec('COMMIT');
  const afterPoints = store.usedBytes(db);
  return { nSpans, nPoints, bytesPerSpan: (afterSpans - base) / nSpans, bytesPerPoint: (afterPoints - afterSpans) / nPoints };
}

function fileMb(s) {
  s.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return statSync(s.path).size / MB;
}
const count = (db, table) => Number(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get().n);
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const demo = await measureDemo();
const t = templates(demo.path);
const demoSpansPerS = t.spans.length / demo.seconds;
console.log(`demo under load.mjs (40 rounds, ${demo.seconds.toFixed(1)} s): ${t.spans.length} spans = ${fmt(demoSpansPerS)} spans/s ` +
  `(${fmt(t.spans.length / t.traces.length, 1)} per trace); ${t.points.length} metric points per export = ${fmt(t.points.length / EXPORT_S, 2)} points/s at the default 60 s interval`);

const spansPerS = demoSpansPerS * DUTY;
const s = store.openStore({ dataDir: tmp() });
const now = Date.now();
const t0 = performance.now();
const sim = simulate(s.db, t, spansPerS, now);
const insertS = (performance.now() - t0) / 1000;
console.log(`simulated ${DAYS} days: ${fmt(sim.nSpans)} spans (${fmt(spansPerS, 2)}/s = demo rate x ${DUTY}) and ${fmt(sim.nPoints)} metric points, inserted in ${insertS.toFixed(0)} s`);
console.log(`bytes on disk: ${fmt(sim.bytesPerSpan)} per span, ${fmt(sim.bytesPerPoint)} per metric point (indexes included)`);
const raw = fileMb(s);

let t1 = performance.now();
const agg = store.aggregateHourly(s.db, { now });
const aggS = (performance.now() - t1) / 1000;
const rollups = count(s.db, 'metrics_hourly');
const keep90 = store.cleanup(s.db, { days: 90, now });
const cap = store.enforceSizeCap(s.db, MAX_DB_MB * MB);
const month90 = fileMb(s);
console.log(`after rollups (${agg.hours} hours, ${fmt(rollups)} rows, ${aggS.toFixed(1)} s), retention 90 d (deleted ${keep90.spans + keep90.metrics} rows) and the ${MAX_DB_MB} MB cap (dropped ${cap.dropped.spans} spans, ${cap.dropped.metrics} points):`);
console.log(`  file ${fmt(month90, 1)} MB (raw rows alone ${fmt(raw, 1)} MB before rollups)`);

t1 = performance.now();
const keep7 = store.cleanup(s.db, { days: 7, now });
const cleanS = (performance.now() - t1) / 1000;
const month7 = fileMb(s);
console.log(`retention 7 d: deleted ${fmt(keep7.spans)} spans and ${fmt(keep7.metrics)} points in ${cleanS.toFixed(1)} s; file ${fmt(month7, 1)} MB ` +
  `(${fmt(count(s.db, 'spans'))} spans, ${fmt(count(s.db, 'metrics'))} points and ${fmt(count(s.db, 'metrics_hourly'))} rollup rows kept)`);
s.close();

const fullMonthMb = (demoSpansPerS * DAYS * 86_400 * sim.bytesPerSpan + sim.nPoints * sim.bytesPerPoint) / MB;
console.log(`extrapolated, load.mjs traffic around the clock (BENCH_DUTY=1): ${fmt(fullMonthMb)} MB raw a month, ` +
  `so the ${MAX_DB_MB} MB cap holds ~${fmt((MAX_DB_MB * MB) / (demoSpansPerS * 3600 * sim.bytesPerSpan), 1)} hours of it`);
for (const d of dirs) rmSync(d, { recursive: true, force: true });
