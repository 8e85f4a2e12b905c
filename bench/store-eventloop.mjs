// Event-loop delay p99 added by SQLite storage at 2,000 spans/s, through the
// wired SDK: programmatic start() from dist with only the sqlite exporters,
// vs the same SDK and span creation with OTEL_*_EXPORTER=none, same run.
// Each measurement is a fresh child process (start() installs global
// providers, so one process cannot host both); the two modes alternate.
// Target (issue 3): added p99 <= 2 ms.
// Usage: npm run build && node bench/store-eventloop.mjs
// Env: BENCH_ROUNDS (3), BENCH_SECONDS (8), BENCH_RATE (2000)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TICK_MS = 10;

if (process.argv[2] === '--child') await child(process.argv[3]);
else parent();

async function child(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-eld-'));
  const exporter = mode === 'sqlite' ? 'sqlite' : 'none';
  let vigil, api;
  try {
    vigil = await import(new URL('../dist/src/index.js', import.meta.url).href);
    api = await import('@opentelemetry/api');
  } catch (err) {
    console.error('bench/store-eventloop: build first (npm run build):', err.message);
    process.exit(1);
  }
  const handle = await vigil.start({
    env: {
      ...process.env,
      VIGIL_DATA_DIR: dir,
      VIGIL_PORT: '0',
      OTEL_TRACES_EXPORTER: exporter,
      OTEL_METRICS_EXPORTER: exporter,
      OTEL_LOGS_EXPORTER: exporter,
    },
    server: false,
  });
  const tracer = api.trace.getTracer('@opentelemetry/instrumentation-http');
  const perTick = (RATE * TICK_MS) / 1000;
  let made = 0;
  const run = (ms) =>
    new Promise((resolve) => {
      const end = performance.now() + ms;
      const timer = setInterval(() => {
        for (let i = 0; i < perTick; i++) {
          const span = tracer.startSpan('GET /patients/:id', {
            kind: api.SpanKind.SERVER,
            attributes: { 'http.request.method': 'GET', 'http.route': '/patients/:id', 'http.response.status_code': 200, 'url.path': `/patients/${made % 500}`, 'server.address': 'localhost' },
          });
          span.end();
          made++;
        }
        if (performance.now() >= end) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
  await run(1000); // warm-up: JIT, first batches, the write thread starting
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const before = made;
  await run(SECONDS * 1000);
  h.disable();
  const rate = ((made - before) / (performance.now() - t0)) * 1000;
  await handle.forceFlush();
  await handle.shutdown();
  let stored = 0;
  if (mode === 'sqlite') {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(dir, 'monitoring.db'), { readOnly: true });
    stored = Number(db.prepare('SELECT COUNT(*) AS n FROM spans').get().n);
    db.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const ms = (ns) => ns / 1e6;
  console.log(JSON.stringify({ mode, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), rate, made, stored }));
}

function parent() {
  const me = fileURLToPath(import.meta.url);
  const results = { none: [], sqlite: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of r % 2 ? ['sqlite', 'none'] : ['none', 'sqlite']) {
      const out = spawnSync(process.execPath, [me, '--child', mode], { encoding: 'utf8', env: { ...process.env, OTEL_LOG_LEVEL: 'error' } });
      const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) {
        console.error(`child ${mode} failed:\n${out.stdout}\n${out.stderr}`);
        process.exit(1);
      }
      const res = JSON.parse(line);
      if (mode === 'sqlite' && res.stored < res.made) console.error(`warning: ${res.made - res.stored} of ${res.made} spans not stored`);
      results[mode].push(res);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = (mode, k) => median(results[mode].map((x) => x[k]));
  const f = (x) => x.toFixed(2);
  console.log(`event-loop delay through start() at ${RATE} spans/s for ${SECONDS} s, median of ${ROUNDS} child processes each:`);
  console.log(`  no exporter (OTEL_*_EXPORTER=none)  p50 ${f(m('none', 'p50'))} ms  p99 ${f(m('none', 'p99'))} ms  max ${f(m('none', 'max'))} ms  (${Math.round(m('none', 'rate'))} spans/s)`);
  console.log(`  sqlite exporters                   p50 ${f(m('sqlite', 'p50'))} ms  p99 ${f(m('sqlite', 'p99'))} ms  max ${f(m('sqlite', 'max'))} ms  (${Math.round(m('sqlite', 'rate'))} spans/s)`);
  const added = m('sqlite', 'p99') - m('none', 'p99');
  console.log(`  p99 added by SQLite storage: ${added >= 0 ? '+' : ''}${f(added)} ms (target <= 2 ms: ${added <= 2 ? 'met' : 'NOT met'})`);
  console.log(`  per round p99 none/sqlite: ${results.none.map((x, i) => `${f(x.p99)}/${f(results.sqlite[i].p99)}`).join('  ')}`);
}
