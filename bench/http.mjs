// HTTP server cost of Vigil vs bare Express vs the upstream OpenTelemetry ways,
// all measured in this run: CPU per request (server process CPU over a fixed
// number of requests), start-up to first response, and RSS after load.
// Usage: node bench/http.mjs [requests=40000] [startRuns=3]   (BENCH_ROUNDS=3)
import autocannon from 'autocannon';
import { ROOT, cpuMicros, median, rssMb, startServer, startSink, timeToFirstResponse } from './lib.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REQUESTS = Number(process.argv[2] ?? 40_000);
const START_RUNS = Number(process.argv[3] ?? 3);
const app = resolve(ROOT, 'bench/fixtures/hello.mjs');
const sink = await startSink();
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));

const variants = [
  { name: 'bare express', args: [app], env: {} },
  { name: 'vigil (defaults)', args: ['--import', resolve(ROOT, 'dist/src/register.js'), app], env: { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' } },
  { name: 'upstream http+express', args: ['--import', resolve(ROOT, 'bench/fixtures/upstream-http.mjs'), app], env: {} },
  {
    name: 'auto-instrumentations',
    args: ['--import', '@opentelemetry/auto-instrumentations-node/register', app],
    env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0', OTEL_LOGS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
  },
];

async function load(port, amount) {
  return autocannon({ url: `http://127.0.0.1:${port}/hello/world`, connections: 8, amount });
}

// Rounds interleave the variants so that load from elsewhere on this shared
// machine falls on all of them alike; each figure is the median over rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const per = Math.round(REQUESTS / ROUNDS);
const samples = new Map(variants.map((v) => [v.name, { cpu: [], rss: [], rps: [], errors: 0, start: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const v of variants) {
    const s = samples.get(v.name);
    const { proc, port } = await startServer(v.args, v.env);
    await load(port, 2000); // warm-up: JIT, lazy paths
    const before = cpuMicros(proc.pid);
    const r = await load(port, per);
    s.cpu.push((cpuMicros(proc.pid) - before) / per);
    s.rps.push(r.requests.average);
    s.errors += r.errors + r.non2xx;
    await new Promise((res) => setTimeout(res, 500));
    s.rss.push(rssMb(proc.pid));
    proc.kill('SIGKILL');
    for (let i = 0; i < START_RUNS; i++) s.start.push(await timeToFirstResponse(v.args, v.env));
  }
}
const results = variants.map((v) => {
  const s = samples.get(v.name);
  return { name: v.name, cpuPerReq: median(s.cpu), rps: median(s.rps), errors: s.errors, startMs: median(s.start), rss: median(s.rss) };
});
sink.close();

const bare = results[0];
console.log(`\nHTTP server cost, ${REQUESTS} requests per variant in ${ROUNDS} interleaved rounds (Express 5 hello world, Node ${process.version})\n`);
console.log('variant                   CPU µs/req  ×bare   start ms  +ms vs bare  RSS MB  +MB vs bare  errors');
for (const r of results) {
  console.log(
    `${r.name.padEnd(25)} ${r.cpuPerReq.toFixed(1).padStart(10)}  ${(r.cpuPerReq / bare.cpuPerReq).toFixed(2).padStart(5)}  ${r.startMs.toFixed(0).padStart(8)}  ${(r.startMs - bare.startMs).toFixed(0).padStart(11)}  ${r.rss.toFixed(1).padStart(6)}  ${(r.rss - bare.rss).toFixed(1).padStart(11)}  ${r.errors}`,
  );
}
