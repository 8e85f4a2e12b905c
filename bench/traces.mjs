// Trace search and one trace on a database holding a simulated week of the
// demo's load (about 100k requests a day). Target (issue 15): a search
// ≤ 100 ms. Baseline in the same run, interleaved: the plainest list of the
// same window's local roots (no filter, no per-trace counts), what any trace
// list costs at least.
//   node bench/traces.mjs [--db existing/monitoring.db] [--peak 2.5] [--rounds 15]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openReadOnly, openStore, searchTraces, traceDetail } from '../dist/src/store/index.js';
import { generateLoad } from '../test/fixtures/dashboard/week.mjs';

const { values } = parseArgs({ options: { db: { type: 'string' }, peak: { type: 'string', default: '2.5' }, rounds: { type: 'string', default: '15' } } });
const now = Date.now();
let path = values.db;
if (!path) {
  const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'vigil-bench-traces-')) });
  const counts = generateLoad(store.db, { now, hours: 24 * 7, peak: Number(values.peak) });
  store.db.exec('ANALYZE');
  console.log(`a simulated week: ${counts.requests} requests, ${counts.spans} spans`);
  path = store.path;
  store.close();
}
const db = openReadOnly(path);
const HOUR = 3_600_000;
const baseline = db.prepare('SELECT trace_id, name, start_ms, duration_ms FROM transactions WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 200');

const cases = {
  'last 1h, no filter': { fromMs: now - HOUR, toMs: now },
  'last 24h, errors only': { fromMs: now - 24 * HOUR, toMs: now, errors: true },
  'last 24h, min 500 ms': { fromMs: now - 24 * HOUR, toMs: now, minDurationMs: 500 },
  'last 7d, operation "prescription"': { fromMs: now - 168 * HOUR, toMs: now, operation: 'prescription' },
  'last 24h, http.response.status_code=500': { fromMs: now - 24 * HOUR, toMs: now, attribute: { key: 'http.response.status_code', value: '500' } },
};
const rounds = Number(values.rounds);
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const stats = (ms) => {
  ms.sort((a, b) => a - b);
  return { min: ms[0], median: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1] };
};
console.log(`${'search'.padEnd(44)} ${'median ms'.padStart(10)} ${'[min–max]'.padStart(16)}  ratio to the plain list (median [range])`);
for (const [name, q] of Object.entries(cases)) {
  const mine = [];
  const base = [];
  searchTraces(db, { ...q, limit: 200 });
  for (let i = 0; i < rounds; i++) {
    base.push(time(() => baseline.all(q.fromMs, q.toMs)));
    mine.push(time(() => searchTraces(db, { ...q, limit: 200 })));
  }
  const ratios = mine.map((m, i) => m / Math.max(base[i], 0.001));
  const s = stats(mine);
  const r = stats(ratios);
  console.log(`${name.padEnd(44)} ${s.median.toFixed(1).padStart(10)} ${`[${s.min.toFixed(1)}–${s.max.toFixed(1)}]`.padStart(16)}  ${r.median.toFixed(1)} × [${r.min.toFixed(1)}–${r.max.toFixed(1)}]`);
}
const one = searchTraces(db, { fromMs: now - 24 * HOUR, toMs: now, operation: 'prescription', limit: 1 })[0];
if (one) {
  const ms = [];
  for (let i = 0; i < rounds; i++) ms.push(time(() => traceDetail(db, one.traceId)));
  const s = stats(ms);
  console.log(`one trace (${one.spanCount} spans): median ${s.median.toFixed(2)} ms [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`);
}
