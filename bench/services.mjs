// The services side-by-side section of the summary (src/dashboard/services.ts)
// on a simulated week of the demo's load, against the whole summary it is
// part of, interleaved rounds, in one run. What it adds to /api/summary.
//   node bench/services.mjs [--db existing/monitoring.db] [--rounds 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { aggregateHourly, openReadOnly, openStore } from '../dist/src/store/index.js';
import { buildSummary } from '../dist/src/dashboard/summary.js';
import { serviceSummaries } from '../dist/src/dashboard/services.js';
import { windowOf } from '../dist/src/dashboard/window.js';
import { generateLoad } from '../test/fixtures/dashboard/week.mjs';

const { values } = parseArgs({ options: { db: { type: 'string' }, rounds: { type: 'string', default: '7' } } });
const now = Date.now();
let dir;
let path = values.db;
if (!path) {
  dir = mkdtempSync(join(tmpdir(), 'vigil-bench-services-'));
  const store = openStore({ dataDir: dir });
  const counts = generateLoad(store.db, { now, hours: 24 * 7, peak: 2.5 });
  aggregateHourly(store.db, { now });
  store.db.exec('ANALYZE');
  console.log(`generated a week: ${counts.requests} requests, ${counts.spans} spans`);
  path = store.path;
  store.close();
}
const db = openReadOnly(path);
const rounds = Number(values.rounds);
const range = (a) => `${a[0].toFixed(1)}–${a[a.length - 1].toFixed(1)}`;
const median = (a) => a[Math.floor(a.length / 2)];
console.log('| window | services median (range) ms | whole summary median (range) ms | share |');
console.log('|---|---|---|---|');
for (const window of ['1h', '24h', '7d']) {
  const svc = [];
  const all = [];
  serviceSummaries(db, windowOf(window, now), now); // warm-up
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    serviceSummaries(db, windowOf(window, now), now);
    svc.push(performance.now() - t);
    t = performance.now();
    buildSummary(db, { window, now });
    all.push(performance.now() - t);
  }
  svc.sort((a, b) => a - b);
  all.sort((a, b) => a - b);
  console.log(`| ${window} | ${median(svc).toFixed(1)} (${range(svc)}) | ${median(all).toFixed(1)} (${range(all)}) | ${((100 * median(svc)) / median(all)).toFixed(0)} % |`);
}
db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
