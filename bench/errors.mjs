// Error tracker hot paths, against baselines measured in the same run:
//  1. captureException: the synchronous cost in the caller, vs creating the Error itself;
//     and the batched write cost per event (flush), off the request path.
//  2. A span with no error, with vs without the ErrorSpanProcessor (should be ~1.0x).
// Run after `npm run build`: node bench/errors.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { TracerProvider } from '@opentelemetry/sdk-trace';

const dist = new URL('../dist/src/errors/index.js', import.meta.url);
let errors;
try {
  errors = await import(dist.href);
} catch {
  console.error('bench/errors: build first (npm run build): could not load', dist.pathname);
  process.exit(1);
}
const { createErrorTracker, ErrorSpanProcessor } = errors;

const DDL = `
CREATE TABLE IF NOT EXISTS errors(fingerprint TEXT PRIMARY KEY, type TEXT, message TEXT, culprit TEXT, level TEXT, status TEXT NOT NULL DEFAULT 'unresolved', count INTEGER NOT NULL, users INTEGER NOT NULL DEFAULT 0, first_seen_ms INTEGER, last_seen_ms INTEGER, resolved_ms INTEGER, regressed_ms INTEGER, last_event_id TEXT);
CREATE TABLE IF NOT EXISTS error_users(fingerprint TEXT, user_hash TEXT, PRIMARY KEY(fingerprint, user_hash));
CREATE TABLE IF NOT EXISTS error_events(id TEXT PRIMARY KEY, fingerprint TEXT, time_ms INTEGER, type TEXT, message TEXT, level TEXT, trace_id TEXT, span_id TEXT, user_hash TEXT, tags TEXT, context TEXT, breadcrumbs TEXT, stack TEXT);`;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const nsPerOp = (fn, n) => {
  const t0 = process.hrtime.bigint();
  fn(n);
  return Number(process.hrtime.bigint() - t0) / n;
};

function loadPatient(id) {
  throw new Error(`Patient ${id} not found`);
}

// --- 1. captureException ---------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-errors-'));
const db = new DatabaseSync(join(dir, 'monitoring.db'));
db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
db.exec(DDL);
// A long delay: batches are written by the explicit flush below, timed separately.
const tracker = createErrorTracker({ db: () => db, flushDelayMs: 60_000, maxQueue: 100_000 });
for (let i = 0; i < 20; i++) tracker.addBreadcrumb({ category: 'http', message: `GET /visits/${i}`, data: { status: 200 } });

const N = 5000;
const makeErrors = (n) => {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    try {
      loadPatient(i);
    } catch (err) {
      out[i] = err;
    }
  }
  return out;
};
// Any tracker reads `error.stack`, which is where V8 formats it: baseline includes it.
const makeWithStack = (n) => {
  for (const e of makeErrors(n)) if (!e.stack) throw new Error('no stack');
};
const throwNs = [];
const captureNs = [];
const writeNs = [];
for (let round = 0; round < 7; round++) {
  throwNs.push(nsPerOp(makeWithStack, N));
  const errs = makeErrors(N);
  let i = 0;
  captureNs.push(nsPerOp((n) => {
    for (let k = 0; k < n; k++) tracker.captureException(errs[i++], { tags: { route: '/visits/:id' }, context: { visit: { id: k, ward: 'B' } } });
  }, N));
  const t0 = process.hrtime.bigint();
  await tracker.flush();
  writeNs.push(Number(process.hrtime.bigint() - t0) / N);
}
const count = db.prepare('SELECT count FROM errors').get().count;
console.log(`captureException: ${(median(captureNs) / 1000).toFixed(2)} µs/op in the caller ` +
  `(throw+catch+stack of the Error itself: ${(median(throwNs) / 1000).toFixed(2)} µs, ratio ${(median(captureNs) / median(throwNs)).toFixed(2)}x)`);
console.log(`  batched write (source lines, redaction, SQL): ${(median(writeNs) / 1000).toFixed(2)} µs/event off the hot path; ${count} events in one group`);
db.close();
rmSync(dir, { recursive: true, force: true });

// --- 2. a span with no error ----------------------------------------------
const without = new TracerProvider({ spanProcessors: [] }).getTracer('bench');
const withProc = new TracerProvider({ spanProcessors: [new ErrorSpanProcessor(tracker)] }).getTracer('bench');
const spans = (tracer) => (n) => {
  for (let k = 0; k < n; k++) {
    const s = tracer.startSpan('GET /visits/:id');
    s.setAttribute('http.response.status_code', 200);
    s.end();
  }
};
const M = 50_000;
const base = [];
const withP = [];
spans(without)(M);
spans(withProc)(M);
for (let round = 0; round < 21; round++) {
  // Alternate so drift (JIT, GC, frequency scaling) hits both sides alike.
  base.push(nsPerOp(spans(without), M));
  withP.push(nsPerOp(spans(withProc), M));
}
console.log(`span without error: ${median(base).toFixed(0)} ns/op baseline, ${median(withP).toFixed(0)} ns/op with ErrorSpanProcessor, ` +
  `ratio ${(median(withP) / median(base)).toFixed(3)}x`);
