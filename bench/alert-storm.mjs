// An error storm into the alert engine (issue 10, defect 9): N distinct new
// error groups, each handed to the engine as it appears. The baseline in the
// same run is a small storm (500): per-event cost at 5,000 over per-event
// cost at 500 says whether the engine stays linear (≈ 1) or not (the old
// engine re-read every recent event on each one: ≈ 10, and 84 s of main-thread
// time for 4,935 groups). Also prints what the storm leaves: firing rows, the
// alerts one notification lists, and the /api/alerts size.
// Usage: npm run build && node bench/alert-storm.mjs
import { DatabaseSync } from 'node:sqlite';

const dist = new URL('../dist/src/alerting/index.js', import.meta.url);
let createAlerting;
try {
  ({ createAlerting } = await import(dist.href));
} catch {
  console.error('bench/alert-storm: build first (npm run build): could not load', dist.pathname);
  process.exit(1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SCHEMA = `CREATE TABLE alerts(id INTEGER PRIMARY KEY, time_ms INTEGER, event TEXT, rule TEXT, fingerprint TEXT, severity TEXT, title TEXT, message TEXT, labels TEXT, channel TEXT, reason TEXT, expires_ms INTEGER);
  CREATE TABLE silences(id TEXT PRIMARY KEY, matchers TEXT, starts_ms INTEGER, ends_ms INTEGER, created_by TEXT, comment TEXT, created_ms INTEGER);`;

async function storm(n) {
  const db = new DatabaseSync(':memory:');
  db.exec(SCHEMA);
  let listed = 0;
  const a = createAlerting({ timers: false, db: () => db, routing: { groupWaitMs: 0 }, channels: [{ type: 'custom', name: 'x', handler: (x) => void (listed += x.alerts.length) }] });
  const t = performance.now();
  for (let i = 0; i < n; i++) a.onErrorGroup('new', { fingerprint: `fp${i}`, type: 'TypeError', message: `undefined field ${i}` });
  const ms = performance.now() - t;
  await a.flush();
  const firing = Number(db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE event = 'firing'").get().n);
  await a.shutdown();
  db.close();
  return { usPerEvent: (1000 * ms) / n, ms, firing, listed };
}

const small = [];
const large = [];
let last;
for (let r = 0; r < ROUNDS; r++) {
  // Interleaved, so machine noise hits both sizes alike.
  small.push((await storm(500)).usPerEvent);
  last = await storm(5000);
  large.push(last.usPerEvent);
}
const ratios = large.map((l, i) => l / small[i]);
console.log(`alert storm: ${median(large).toFixed(1)} µs/event at 5,000 (${Math.round(last.ms)} ms in all), ${median(small).toFixed(1)} µs/event at 500`);
console.log(`  ratio 5,000 / 500 per event: ${median(ratios).toFixed(2)} × (range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; 1 = linear)`);
console.log(`  left by 5,000 groups: ${last.firing} firing rows, ${last.listed} alerts listed in the notification`);
