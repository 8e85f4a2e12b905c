// SQLite storage: spans/s through SqliteSpanExporter (write thread, and on
// the main thread) vs raw node:sqlite inserts of the same rows in 512-row
// transactions, same run; event-loop delay p99 added at 2,000 spans/s; bytes
// on disk per span and per metric point; a month of demo load, estimated.
// Targets (issue 3): exporter >= 0.5x raw and >= 100k spans/s; delay p99 <= 2 ms.
// Usage: npm run build && node bench/store-exporter.mjs
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

let store, exporters, rows;
try {
  store = await import(new URL('../dist/src/store/index.js', import.meta.url).href);
  exporters = await import(new URL('../dist/exporters/sqlite/index.js', import.meta.url).href);
  rows = await import(new URL('../dist/exporters/sqlite/span-rows.js', import.meta.url).href);
} catch (err) {
  console.error('bench/store-exporter: build first (npm run build):', err.message);
  process.exit(1);
}

const BATCH = 512;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dirs = [];
function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  dirs.push(dir);
  return store.openStore({ dataDir: dir });
}

/** Realistic HTTP server spans: 5 attributes, a route name, unique ids. */
function makeSpans(n) {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'emr-clinic' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http');
  for (let i = 0; i < n; i++) {
    tracer
      .startSpan(`GET /patients/:id`, {
        kind: 1,
        attributes: { 'http.request.method': 'GET', 'http.route': '/patients/:id', 'http.response.status_code': 200, 'url.path': `/patients/${i % 500}`, 'server.address': 'localhost' },
      })
      .end();
  }
  return memory.getFinishedSpans();
}

const exportBatch = (exporter, batch) => new Promise((resolve) => exporter.export(batch, resolve));

async function throughputExporter(spans, thread) {
  const s = fresh();
  const exporter = new exporters.SqliteSpanExporter({ store: s, thread });
  const t0 = performance.now();
  for (let i = 0; i < spans.length; i += BATCH) await exportBatch(exporter, spans.slice(i, i + BATCH));
  const ms = performance.now() - t0;
  const n = Number(s.db.prepare('SELECT COUNT(*) AS n FROM spans').get().n);
  if (n !== spans.length) throw new Error(`exporter wrote ${n} of ${spans.length}`);
  s.close();
  return (spans.length / ms) * 1000;
}

function throughputRaw(spans) {
  const s = fresh();
  const prebuilt = spans.map(rows.spanRow); // the same rows; building them is not timed
  const insert = s.db.prepare(rows.INSERT_SPAN);
  const t0 = performance.now();
  for (let i = 0; i < prebuilt.length; i += BATCH) {
    s.db.exec('BEGIN');
    for (const r of prebuilt.slice(i, i + BATCH)) insert.run(...r);
    s.db.exec('COMMIT');
  }
  const ms = performance.now() - t0;
  const used = store.usedBytes(s.db);
  s.close();
  return { perS: (spans.length / ms) * 1000, bytesPerSpan: used / spans.length };
}

/** p99 event-loop delay while the app makes `rate` spans/s for `seconds`, exported by `exporter` via a BatchSpanProcessor. */
async function loopDelay(exporter, rate, seconds) {
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter, maxExportBatchSize: BATCH, scheduledDelayMillis: 1000 })] });
  const tracer = provider.getTracer('bench');
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const perTick = rate / 100;
  await new Promise((resolve) => {
    let ticks = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) tracer.startSpan('GET /patients/:id', { attributes: { 'http.route': '/patients/:id', 'http.response.status_code': 200 } }).end();
      if (++ticks >= seconds * 100) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await provider.forceFlush();
  h.disable();
  await provider.shutdown();
  return h.percentile(99) / 1e6;
}

async function bytesPerMetricPoint() {
  const s = fresh();
  const exporter = new exporters.SqliteMetricExporter({ store: s });
  const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })] });
  const meter = provider.getMeter('bench');
  const h = meter.createHistogram('http.server.request.duration', { unit: 's' });
  const c = meter.createCounter('emr.visits.saved');
  const before = store.usedBytes(s.db);
  for (let round = 0; round < 200; round++) {
    for (let i = 0; i < 20; i++) {
      h.record(((i + round) % 50) / 100, { 'http.route': `/r${i}`, 'http.request.method': 'GET', 'http.response.status_code': 200 });
      c.add(1, { clinic: `c${i}` });
    }
    await provider.forceFlush();
  }
  const points = Number(s.db.prepare('SELECT COUNT(*) AS n FROM metrics').get().n);
  const hist = Number(s.db.prepare(`SELECT COUNT(*) AS n FROM metrics WHERE type = 'histogram'`).get().n);
  const bytes = store.usedBytes(s.db) - before;
  const histBytes = Number(s.db.prepare(`SELECT SUM(LENGTH(buckets) + LENGTH(attributes) + 40) AS b FROM metrics WHERE type = 'histogram'`).get().b) / hist;
  await provider.shutdown();
  s.close();
  return { perPoint: bytes / points, points, histPayload: histBytes };
}

const spans = makeSpans(BATCH * BATCHES);
const thread = [], sync = [], raw = [];
let bytesPerSpan = 0;
for (let r = 0; r < ROUNDS; r++) {
  const rr = throughputRaw(spans);
  raw.push(rr.perS);
  bytesPerSpan = rr.bytesPerSpan;
  sync.push(await throughputExporter(spans, false));
  thread.push(await throughputExporter(spans, true));
}
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(`spans/s, ${spans.length} spans in ${BATCH}-span batches, median of ${ROUNDS} rounds:`);
console.log(`  raw node:sqlite inserts (prebuilt rows)  ${fmt(median(raw))}`);
console.log(`  SqliteSpanExporter, main thread          ${fmt(median(sync))}  ratio ${(median(sync) / median(raw)).toFixed(2)}x`);
console.log(`  SqliteSpanExporter, write thread         ${fmt(median(thread))}  ratio ${(median(thread) / median(raw)).toFixed(2)}x`);

const RATE = 2000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const baseline = await loopDelay(new InMemorySpanExporter(), RATE, SECONDS);
const sNoThread = fresh();
const onMain = await loopDelay(new exporters.SqliteSpanExporter({ store: sNoThread, thread: false }), RATE, SECONDS);
const sThread = fresh();
const onThread = await loopDelay(new exporters.SqliteSpanExporter({ store: sThread, thread: true }), RATE, SECONDS);
console.log(`event-loop delay p99 at ${RATE} spans/s for ${SECONDS}s (monitorEventLoopDelay):`);
console.log(`  in-memory exporter (baseline) ${baseline.toFixed(2)} ms`);
console.log(`  SQLite, main thread           ${onMain.toFixed(2)} ms  (+${(onMain - baseline).toFixed(2)} ms)`);
console.log(`  SQLite, write thread          ${onThread.toFixed(2)} ms  (+${(onThread - baseline).toFixed(2)} ms)`);
sNoThread.close();
sThread.close();

const m = await bytesPerMetricPoint();
console.log(`bytes on disk: ${Math.round(bytesPerSpan)} per span (5 attributes, indexes included); ${Math.round(m.perPoint)} per metric point (${m.points} points, half histograms with 16 buckets)`);

// A month of the demo's load, estimated from the measured sizes (not simulated row by row):
const demoSpansPerS = Number(process.env.BENCH_DEMO_SPANS_PER_S ?? 5);
const demoSeries = Number(process.env.BENCH_DEMO_SERIES ?? 150);
const days = 30;
const spanBytes = demoSpansPerS * 86_400 * days * bytesPerSpan;
const metricBytes = demoSeries * (86_400 / 60) * days * m.perPoint; // one point per series per 60 s export
const rollupBytes = (demoSeries + 30) * 24 * days * 150;
console.log(
  `month of demo load (${demoSpansPerS} spans/s, ${demoSeries} metric series at 60 s, retention 90 d so nothing expires yet): ` +
    `~${Math.round((spanBytes + metricBytes + rollupBytes) / 1e6)} MB (spans ${Math.round(spanBytes / 1e6)}, metric points ${Math.round(metricBytes / 1e6)}, rollups ${Math.round(rollupBytes / 1e6)})`,
);
for (const d of dirs) rmSync(d, { recursive: true, force: true });
