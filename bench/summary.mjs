// /api/summary latency on a database holding a simulated week of the demo's
// load (about 100k requests a day). Target: window=24h ≤ 200 ms. Baseline in
// the same run: the store's exact per-operation statistics over the same
// 24 h of raw spans, which is what a summary without rollups would cost.
// After the warm-up each window's summary is kept on the connection (span
// ledger, closed hours) and no span arrives, so these are refreshes with
// nothing new; dashboard-refresh.mjs measures refreshes with new spans
// against nothing kept.
//   node bench/summary.mjs [--db existing/monitoring.db] [--peak 2.5]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { aggregateHourly, openReadOnly, openStore, operationStats } from '../dist/src/store/index.js';
import { dashboardRouter } from '../dist/src/dashboard/index.js';
import { generateLoad } from '../test/fixtures/dashboard/week.mjs';

const { values } = parseArgs({ options: { db: { type: 'string' }, peak: { type: 'string', default: '2.5' }, rounds: { type: 'string', default: '20' } } });
const now = Date.now();
let dir;
let path = values.db;
if (!path) {
  dir = mkdtempSync(join(tmpdir(), 'vigil-bench-summary-'));
  const store = openStore({ dataDir: dir });
  const t0 = performance.now();
  const counts = generateLoad(store.db, { now, hours: 24 * 7, peak: Number(values.peak) });
  const t1 = performance.now();
  const rolled = aggregateHourly(store.db, { now });
  store.db.exec('ANALYZE');
  console.log(`generated a week: ${counts.requests} requests, ${counts.spans} spans, ${counts.metrics} metric points, ${counts.checks} check results, ${counts.errors} error events in ${((t1 - t0) / 1000).toFixed(1)} s; rolled up ${rolled.hours} hours in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  path = store.path;
  store.close();
}

const db = openReadOnly(path);
const app = express();
app.use(dashboardRouter({ db: () => db }));
const server = createServer(app);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

async function time(fn, rounds) {
  await fn(); // warm-up: statement preparation, page cache
  const ms = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] };
}

const rounds = Number(values.rounds);
const results = {};
for (const w of ['1h', '24h', '7d']) {
  results[w] = await time(async () => {
    const res = await fetch(`${base}/api/summary?window=${w}`);
    if (!res.ok) throw new Error(`${w}: ${res.status}`);
    await res.json();
  }, rounds);
}
const baseline = await time(() => operationStats(db, { fromMs: now - 86_400_000, toMs: now }), Math.min(rounds, 5));
const fmt = (r) => `median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`;
console.log(`/api/summary?window=1h   ${fmt(results['1h'])}`);
console.log(`/api/summary?window=24h  ${fmt(results['24h'])}  (target ≤ 200 ms: ${results['24h'].median <= 200 ? 'met' : 'MISSED'})`);
console.log(`/api/summary?window=7d   ${fmt(results['7d'])}`);
console.log(`baseline: exact operationStats over 24 h of raw spans  ${fmt(baseline)}`);
console.log(`ratio 24h summary / raw baseline: ${(results['24h'].median / baseline.median).toFixed(2)}x`);

server.closeAllConnections();
server.close();
db.close();
if (dir) rmSync(dir, { recursive: true, force: true });

