// /health latency with every built-in check configured. Results are cached,
// so a request only reads the cache and serialises the report; the baseline
// is a static JSON route in the same Express app, measured in the same run.
//   npm run build && node bench/health.mjs
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import express from 'express';
import {
  backupCheck, cpuCheck, createHealth, databaseCheck, diskCheck, eventLoopCheck,
  healthRouter, httpCheck, memoryCheck, ollamaCheck, storeCheck,
} from '../dist/src/health/index.js';

const N = Number(process.env.BENCH_N ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-health-'));
writeFileSync(join(dir, 'emr.db.bak'), 'x');

// Loopback stand-ins for Ollama and an HTTP dependency.
const deps = createServer((req, res) => {
  if (req.url === '/api/tags') return void res.end(JSON.stringify({ models: [{ name: 'llama3:latest' }] }));
  res.end('ok');
});
await new Promise((r) => deps.listen(0, '127.0.0.1', r));
const depsUrl = `http://127.0.0.1:${deps.address().port}`;

const appDb = new DatabaseSync(join(dir, 'emr.db'));
const store = new DatabaseSync(join(dir, 'monitoring.db'));
store.exec(`CREATE TABLE health_checks(id INTEGER PRIMARY KEY, time_ms INTEGER, check_name TEXT, status TEXT, observed_value REAL, observed_unit TEXT, output TEXT, duration_ms REAL)`);

const health = createHealth({ serviceId: 'bench', version: '0.0.0', db: () => store });
for (const check of [
  databaseCheck({ db: appDb }),
  storeCheck({ db: () => store }),
  ollamaCheck({ host: depsUrl, model: 'llama3' }),
  diskCheck({ path: dir }),
  memoryCheck(),
  cpuCheck(),
  eventLoopCheck(),
  backupCheck({ dir, pattern: '*.bak' }),
  httpCheck({ url: `${depsUrl}/health` }),
]) health.add(check);
health.register('custom', () => true);
health.start();

const app = express();
app.get('/static', (_req, res) => res.type('application/health+json').send(JSON.stringify({ status: 'pass' })));
app.use(healthRouter(health));
const server = await new Promise((r) => { const s = app.listen(0, '127.0.0.1', () => r(s)); });
const base = `http://127.0.0.1:${server.address().port}`;

async function measure(path) {
  const times = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const res = await fetch(base + path);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(N * 0.5)], p99: times[Math.floor(N * 0.99)] };
}

await measure('/health?verbose'); // first runs and warm-up
await measure('/static');
const baseline = await measure('/static');
const short = await measure('/health');
const verbose = await measure('/health?verbose');

const t = performance.now();
for (let i = 0; i < N; i++) await health.report({ verbose: true });
const reportUs = ((performance.now() - t) / N) * 1000;

const fmt = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`health: ${health.names().length} checks, ${N} sequential requests each`);
console.log(`  baseline static route   p50 ${fmt(baseline.p50)}  p99 ${fmt(baseline.p99)}`);
console.log(`  GET /health             p50 ${fmt(short.p50)}  p99 ${fmt(short.p99)}  ratio ${(short.p50 / baseline.p50).toFixed(2)}x`);
console.log(`  GET /health?verbose     p50 ${fmt(verbose.p50)}  p99 ${fmt(verbose.p99)}  ratio ${(verbose.p50 / baseline.p50).toFixed(2)}x`);
console.log(`  report({verbose}) in process: ${reportUs.toFixed(1)} µs`);

health.stop();
await new Promise((r) => server.close(r));
await new Promise((r) => deps.close(r));
appDb.close();
store.close();
rmSync(dir, { recursive: true, force: true });
