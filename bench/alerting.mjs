// Alert rule evaluation: 100 rules over 1,000 series, per evaluation, against
// a baseline measured in the same run: the SDK's own collect() of the same
// series (what any metric reader pays). Evaluation runs every 15 s off the
// hot path, so the figure that matters is ms per evaluation and the ratio.
// Usage: npm run build && node bench/alerting.mjs
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

const dist = new URL('../dist/src/alerting/index.js', import.meta.url);
let createAlerting;
try {
  ({ createAlerting } = await import(dist.href));
} catch {
  console.error('bench/alerting: build first (npm run build): could not load', dist.pathname);
  process.exit(1);
}

const SERIES = 1000;
const RULES = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

class PlainReader extends MetricReader {
  async onShutdown() {}
  async onForceFlush() {}
}

/** 700 histogram series (routes × status) and 300 counter/gauge series. */
function record(meter) {
  const h = meter.createHistogram('http.server.request.duration', { unit: 's' });
  const c = meter.createCounter('vigil.errors');
  const g = meter.createGauge('emr.consultations.active');
  const instruments = { h, c, g };
  return (round) => {
    for (let i = 0; i < 700; i++) {
      const attrs = { 'http.route': `/r${i % 350}`, 'http.response.status_code': i < 350 ? 200 : 500 };
      for (let k = 0; k < 3; k++) instruments.h.record(((i * 7 + k + round) % 100) / 50, attrs);
    }
    for (let i = 0; i < 200; i++) instruments.c.add(1 + (round % 3), { 'error.type': `E${i}` });
    for (let i = 0; i < 100; i++) instruments.g.record((i + round) % 40, { clinic: `c${i}` });
  };
}

/** storm = thresholds every series crosses (thousands of alerts); quiet = a few fire, the usual case. */
function rules(storm) {
  const out = [];
  for (let i = 0; i < RULES; i++) {
    switch (i % 5) {
      case 0:
        out.push({ name: `p95_${i}`, expr: `p95(http.server.request.duration{http.route="/r${i}"}) > 1.5 for 2m` });
        break;
      case 1:
        out.push({ name: `p99_by_${i}`, expr: `p99(http.server.request.duration) by (http.route) > ${storm ? 0.5 : 1.99}` });
        break;
      case 2:
        out.push({ name: `errors_${i}`, expr: `increase(http.server.request.duration{http.response.status_code=~"5.."}[5m]) by (http.route) >= ${storm ? 3 : 1000}` });
        break;
      case 3:
        out.push({ name: `rate_${i}`, expr: `rate(vigil.errors{error.type=~"E${i % 10}.*"}[5m]) > 0.01` });
        break;
      default:
        out.push({ name: `gauge_${i}`, expr: `max(emr.consultations.active[5m]) by (clinic) > ${storm ? 1 : 38}` });
    }
  }
  return out;
}

async function run(ruleList) {
  let now = 1_700_000_000_000;
  const alerting = createAlerting({ now: () => now, timers: false, defaults: false, rules: ruleList, routing: { groupWaitMs: 3_600_000 } });
  const plain = new PlainReader();
  const provider = new MeterProvider({ readers: [alerting.reader, plain] });
  const tick = record(provider.getMeter('bench'));
  const evalMs = [];
  const collectMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    tick(r);
    now += 15_000;
    let t0 = performance.now();
    await plain.collect();
    collectMs.push(performance.now() - t0);
    t0 = performance.now();
    await alerting.evaluate();
    evalMs.push(performance.now() - t0);
  }
  const active = alerting.active().length;
  await alerting.shutdown();
  await provider.shutdown();
  // The first 20 rounds fill the 5-minute rings; measure the steady state.
  return { evalMs: median(evalMs.slice(20)), collectMs: median(collectMs.slice(20)), active };
}

const empty = await run([]);
console.log(`alerting: ${RULES} rules over ${SERIES} series, median of ${ROUNDS - 20} evaluations (after the 5m rings filled)`);
console.log(`  baseline SDK collect()               ${empty.collectMs.toFixed(2)} ms`);
console.log(`  collect + ingest, no rules           ${empty.evalMs.toFixed(2)} ms  (${(empty.evalMs / empty.collectMs).toFixed(2)}x baseline)`);
for (const storm of [false, true]) {
  const full = await run(rules(storm));
  const rulesOnly = Math.max(0, full.evalMs - empty.evalMs);
  const label = storm ? 'storm (every series fires)' : 'quiet (a few fire)';
  console.log(`  ${label}: collect + ingest + ${RULES} rules ${full.evalMs.toFixed(2)} ms  (${(full.evalMs / full.collectMs).toFixed(2)}x baseline); ` +
    `rules alone ${rulesOnly.toFixed(2)} ms (${((rulesOnly * 1000) / RULES).toFixed(0)} µs/rule); ${full.active} active alerts; ` +
    `${((full.evalMs / 15_000) * 100).toFixed(3)} % of a core at one evaluation per 15 s`);
}
