// The SQLite span writer on a grown table (issue 16): spans/s through
// SqliteSpanExporter and its write thread (512-span batches, each awaited),
// and through SqliteSpanProcessor, the path Vigil's pipeline uses (each
// span its row as it ends, HANDOFF_ROWS-row hand-offs, so building rows on
// the main thread overlaps inserts on the write thread), into a file already holding
// PREFILL spans (default 1M), with the SDK's random trace ids (before) and
// Vigil's time-ordered ones (after), interleaved rounds, same run; bytes per
// span on disk after a checkpoint; the exporter's main-thread CPU per span and
// the event-loop delay while it writes (its longest task).
// Target: >= 150k spans/s on a 1M-span table (a quiet machine); no
// main-thread task of the exporter > 2 ms.
//   npm run build && node --expose-gc bench/writer.mjs [--prefill 1000000] [--rounds 4] [--spans 25600] [--options]
// --options adds raw inserts (prebuilt rows, one handle, half the spans
// children) for four index choices: spans(trace_id) with random ids, a
// partial index on local roots only, time-ordered ids, no trace index.
import { randomBytes } from 'node:crypto';
import { RandomIdGenerator, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

let store, exporters;
try {
  store = await import(new URL('../dist/src/store/index.js', import.meta.url).href);
  exporters = await import(new URL('../dist/exporters/sqlite/index.js', import.meta.url).href);
} catch (err) {
  console.error('bench/writer: build first (npm run build):', err.message);
  process.exit(1);
}
const { values } = parseArgs({ options: { options: { type: 'boolean', default: false }, prefill: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '4' }, spans: { type: 'string', default: '25600' } } });
const PREFILL = Number(values.prefill);
const ROUNDS = Number(values.rounds);
const PER_ROUND = Number(values.spans);
const BATCH = 512;
const WEEK = 7 * 86_400_000;
const ATTR = JSON.stringify({ 'http.request.method': 'GET', 'http.route': '/patients/:id', 'http.response.status_code': 200, 'url.path': '/patients/17', 'server.address': 'localhost' });
const dirs = [];

/**
 * A store holding `n` spans over the past week, written by SQL (indexes built
 * once, after), ids shaped like `timeIds` or random; `traceIndex` replaces
 * spans_trace (null: none); `children`: every other span has a parent.
 */
function prefilled(n, timeIds, { traceIndex = 'CREATE INDEX spans_trace ON spans(trace_id)', children = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-writer-'));
  dirs.push(dir);
  const s = store.openStore({ dataDir: dir });
  const t0 = Date.now() - WEEK;
  const step = WEEK / n;
  const ms = `CAST(${t0} + x * ${step} AS INTEGER)`;
  const traceId = timeIds ? `printf('%012x', ${ms}) || lower(hex(randomblob(10)))` : 'lower(hex(randomblob(16)))';
  s.db.exec('DROP INDEX spans_trace');
  s.db.exec(`INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_time_ns, end_time_ns, duration_ms, status_code, status_message,
      service_name, scope_name, attributes, events, links, start_ms, end_ms, remote_parent)
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n})
    SELECT ${traceId}, lower(hex(randomblob(8))), ${children ? 'CASE WHEN x % 2 = 0 THEN lower(hex(randomblob(8))) END' : 'NULL'}, 'GET /patients/:id', 1, CAST(${ms} * 1000000 AS TEXT), CAST((${ms} + 5) * 1000000 AS TEXT), 5.1, 0, NULL,
      'emr-clinic', '@opentelemetry/instrumentation-http', '${ATTR}', NULL, NULL, ${ms}, ${ms} + 5, 0 FROM c`);
  if (traceIndex) s.db.exec(traceIndex);
  s.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return s;
}

/** Real SDK spans (one HTTP server span per trace, 5 attributes), ids from `idGenerator`. */
function makeSpans(n, idGenerator) {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'emr-clinic' }), idGenerator, spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http');
  for (let i = 0; i < n; i++) {
    tracer
      .startSpan('GET /patients/:id', {
        kind: 1,
        attributes: { 'http.request.method': 'GET', 'http.route': '/patients/:id', 'http.response.status_code': 200, 'url.path': `/patients/${i % 500}`, 'server.address': 'localhost' },
      })
      .end();
  }
  return memory.getFinishedSpans();
}

const mainCpu = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

/**
 * One round: PER_ROUND spans in 512-span batches, each awaited until
 * committed. The main thread does nothing else meanwhile, so its CPU time
 * over the round is the exporter's (rows built, posts, replies); the
 * event-loop delay (1 ms timer) bounds its longest task.
 */
async function round(exporter, spans, processor) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const c0 = mainCpu();
  const t0 = performance.now();
  if (processor) {
    // Spans end BATCH per turn of the event loop; the queue is large enough that none is dropped.
    for (let i = 0; i < spans.length; i += BATCH) {
      for (let j = i; j < Math.min(i + BATCH, spans.length); j++) processor.onEnd(spans[j]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await processor.forceFlush();
  } else for (let i = 0; i < spans.length; i += BATCH) await new Promise((resolve) => exporter.export(spans.slice(i, i + BATCH), resolve));
  const ms = performance.now() - t0;
  const cpu = mainCpu() - c0;
  h.disable();
  return { perS: (spans.length / ms) * 1000, cpuPerSpan: cpu / spans.length, delayP99Ms: h.percentile(99) / 1e6, delayMaxMs: h.max / 1e6 };
}

function bytesPerSpan(s) {
  s.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const n = Number(s.db.prepare('SELECT COUNT(*) AS n FROM spans').get().n);
  const pages = Number(s.db.prepare('PRAGMA page_count').get().page_count);
  const size = Number(s.db.prepare('PRAGMA page_size').get().page_size);
  return (pages * size) / n;
}

const t = performance.now();
const variants = [
  { name: 'random trace ids (SDK default, before)', store: prefilled(PREFILL, false), ids: new RandomIdGenerator(), runs: [] },
  { name: 'time-ordered trace ids (Vigil, after)', store: prefilled(PREFILL, true), ids: new exporters.TimeOrderedIdGenerator(), runs: [] },
];
console.log(`prefilled 2 × ${PREFILL.toLocaleString('en-US')} spans in ${Math.round((performance.now() - t) / 1000)} s`);
for (const v of variants) {
  v.exporter = new exporters.SqliteSpanExporter({ store: v.store, thread: true });
  v.processor = new exporters.SqliteSpanProcessor(v.exporter, { maxQueueSize: PER_ROUND, scheduledDelayMillis: 60_000 });
  v.viaProcessor = [];
}
for (let r = 0; r < ROUNDS; r++) {
  for (const v of r % 2 ? [...variants].reverse() : variants) {
    for (const viaProcessor of r % 2 ? [true, false] : [false, true]) {
      const spans = makeSpans(PER_ROUND, v.ids);
      // The SDK's garbage from making the spans is collected before the round, not charged to the exporter.
      globalThis.gc?.();
      const run = await round(v.exporter, spans, viaProcessor ? v.processor : undefined);
      (viaProcessor ? v.viaProcessor : v.runs).push(run);
    }
  }
}
const range = (xs, f = (x) => Math.round(x).toLocaleString('en-US')) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${f(s[Math.floor(s.length / 2)])} [${f(s[0])}–${f(s[s.length - 1])}]`;
};
console.log(`spans/s through SqliteSpanExporter (write thread), ${PER_ROUND} spans a round in ${BATCH}-span batches, ${ROUNDS} interleaved rounds, table from ${PREFILL.toLocaleString('en-US')} spans up:`);
for (const v of variants) console.log(`  ${v.name.padEnd(40)} ${range(v.runs.map((x) => x.perS))}`);
console.log(`spans/s through SqliteSpanProcessor (rows built as spans end, ${exporters.HANDOFF_ROWS}-row hand-offs; Vigil's pipeline), ${BATCH} spans ending per turn:`);
for (const v of variants) console.log(`  ${v.name.padEnd(40)} ${range(v.viaProcessor.map((x) => x.perS))}; main thread ${range(v.viaProcessor.map((x) => x.cpuPerSpan), (x) => x.toFixed(2))} µs CPU per span, event-loop delay max ${range(v.viaProcessor.map((x) => x.delayMaxMs), (x) => x.toFixed(2))} ms`);
const ratios = variants[1].runs.map((x, i) => x.perS / variants[0].runs[i].perS);
console.log(`  ratio after/before, per round: ${range(ratios, (x) => `${x.toFixed(1)} ×`)}`);
const all = variants.flatMap((v) => v.runs);
console.log(`exporter (512-span batches) on the main thread: ${range(all.map((x) => x.cpuPerSpan), (x) => x.toFixed(2))} µs CPU per span; event-loop delay p99 ${range(all.map((x) => x.delayP99Ms), (x) => x.toFixed(2))} ms, max ${range(all.map((x) => x.delayMaxMs), (x) => x.toFixed(2))} ms (wall: counts time the OS gave other processes)`);
for (const v of variants) {
  const dropped = v.exporter.stats.dropped;
  if (dropped) console.log(`  ${v.name}: ${dropped} spans dropped`);
  await v.processor.shutdown();
  console.log(`bytes per span on disk after a checkpoint (${v.name}): ${Math.round(bytesPerSpan(v.store))}, indexes included`);
  v.store.close();
}

if (values.options) {
  const INSERT = (await import(new URL('../dist/exporters/sqlite/span-rows.js', import.meta.url).href)).INSERT_SPAN;
  const options = [
    { name: 'spans(trace_id), random ids', time: false, traceIndex: undefined },
    { name: 'partial index on local roots, random ids', time: false, traceIndex: 'CREATE INDEX spans_trace ON spans(trace_id) WHERE parent_span_id IS NULL OR remote_parent = 1' },
    { name: 'spans(trace_id), time-ordered ids', time: true, traceIndex: undefined },
    { name: 'no trace index', time: false, traceIndex: null },
  ].map((o) => ({ ...o, store: prefilled(PREFILL, o.time, { traceIndex: o.traceIndex, children: true }), runs: [] }));
  const hex = (n) => randomBytes(n).toString('hex');
  let now = Date.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const o of r % 2 ? [...options].reverse() : options) {
      const rows = [];
      for (let i = 0; i < PER_ROUND; i++) {
        const ms = Math.floor((now += 0.01));
        const traceId = o.time ? ms.toString(16).padStart(12, '0') + hex(10) : hex(16);
        rows.push([traceId, hex(8), i % 2 ? hex(8) : null, 'GET /patients/:id', 1, `${ms}000000`, `${ms + 5}000000`, 5.1, 0, null, 'emr-clinic', '@opentelemetry/instrumentation-http', ATTR, null, null, ms, ms + 5, 0]);
      }
      const insert = o.store.db.prepare(INSERT);
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i += BATCH) {
        o.store.db.exec('BEGIN IMMEDIATE');
        for (let j = i; j < Math.min(i + BATCH, rows.length); j++) insert.run(...rows[j]);
        o.store.db.exec('COMMIT');
      }
      o.runs.push((rows.length / (performance.now() - t0)) * 1000);
    }
  }
  console.log(`raw inserts (prebuilt rows, ${BATCH}-row transactions, half the spans children), table from ${PREFILL.toLocaleString('en-US')} spans up, ${ROUNDS} interleaved rounds:`);
  for (const o of options) {
    console.log(`  ${o.name.padEnd(42)} ${range(o.runs)} spans/s, ${Math.round(bytesPerSpan(o.store))} bytes per span`);
    o.store.close();
  }
}
for (const d of dirs) rmSync(d, { recursive: true, force: true });
