// Side by side, in one run: bare Express, Vigil's defaults, the upstream
// auto-instrumentations and Elastic's EDOT Node.js, on the same application
// (bench/fixtures/overhead-app.mjs). Per variant and round:
//   - CPU per request at full load (server process CPU time over a fixed
//     number of requests, all threads), on the hello-world route and on a
//     route doing ≈ 0.4 ms of node:sqlite work;
//   - p50/p99 latency at a fixed 500 req/s (open loop), and the longest
//     main-thread task over that phase (event-loop delay max, 1 ms resolution);
//   - RSS after the load; start-up to the first 200 OK.
// Variants run interleaved in every round; ratios are to bare Express in the
// same round, printed as "median [min–max]" over rounds.
// Usage: node bench/overhead.mjs [--rounds=3] [--requests=8000] [--db-requests=2000]
//          [--rate=500] [--seconds=8] [--start-runs=2] [--only=vigil,edot]
//          [--vigil-before=/path/to/another/checkout]   (adds that build of Vigil as a variant, for A/B)
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, cpuMicros, median, options, pacedLoad, range, rssMb, startServer, startSink, timeToFirstResponse } from './lib.mjs';

const opt = options({ rounds: 3, requests: 8000, 'db-requests': 2000, rate: 500, seconds: 8, 'start-runs': 2, only: '', 'vigil-before': '' });
const app = resolve(ROOT, 'bench/fixtures/overhead-app.mjs');
const sink = await startSink();
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-overhead-'));
const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_LOGS_EXPORTER: 'none' };

const all = [
  { key: 'bare', name: 'bare express', args: [app], env: {} },
  { key: 'vigil', name: 'vigil (defaults)', args: ['--import', resolve(ROOT, 'dist/src/register.js'), app], env: { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' } },
  {
    key: 'auto',
    name: 'auto-instrumentations',
    args: ['--import', '@opentelemetry/auto-instrumentations-node/register', app],
    env: { ...otlp, OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
  },
  // EDOT's defaults: traces, metrics and logs over OTLP (here to a loopback sink that answers 200).
  { key: 'edot', name: 'EDOT Node.js', args: ['--import', '@elastic/opentelemetry-node', app], env: { ...otlp, OTEL_LOGS_EXPORTER: 'otlp' } },
];
if (opt['vigil-before']) {
  all.splice(2, 0, { key: 'before', name: 'vigil before (defaults)', args: ['--import', resolve(opt['vigil-before'], 'dist/src/register.js'), app], env: { VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-bench-overhead-')), VIGIL_PORT: '0' } });
}
const only = opt.only ? opt.only.split(',') : [];
// The A/B build runs whenever it is given, whatever --only says.
const variants = all.filter((v) => v.key === 'bare' || v.key === 'before' || !only.length || only.includes(v.key));

const fields = ['hello', 'db', 'p50', 'p99', 'eldMax', 'rss', 'start'];
const samples = new Map(variants.map((v) => [v.key, Object.fromEntries(fields.map((f) => [f, []]))]));
let errors = 0;

async function cpuPerRequest(proc, url, amount) {
  const before = cpuMicros(proc.pid);
  const r = await autocannon({ url, connections: 8, amount });
  errors += r.errors + r.non2xx;
  return (cpuMicros(proc.pid) - before) / amount;
}

for (let round = 0; round < opt.rounds; round++) {
  for (const v of variants) {
    const s = samples.get(v.key);
    const { proc, port } = await startServer(v.args, v.env);
    const base = `http://127.0.0.1:${port}`;
    // Warm-up: JIT, lazy paths, first batches written.
    await autocannon({ url: `${base}/hello/w`, connections: 8, amount: 2000 });
    await autocannon({ url: `${base}/db/1`, connections: 8, amount: 300 });
    s.hello.push(await cpuPerRequest(proc, `${base}/hello/w`, opt.requests));
    s.db.push(await cpuPerRequest(proc, `${base}/db/7`, opt['db-requests']));
    await new Promise((res) => setTimeout(res, 300));
    await fetch(`${base}/__eld`); // a new window for the paced phase
    const paced = await pacedLoad(`${base}/hello/w`, opt.rate, opt.seconds);
    const eld = await (await fetch(`${base}/__eld`)).json();
    errors += paced.errors;
    s.p50.push(paced.p50);
    s.p99.push(paced.p99);
    s.eldMax.push(eld.maxMs);
    s.rss.push(rssMb(proc.pid));
    proc.kill('SIGKILL');
    for (let i = 0; i < opt['start-runs']; i++) s.start.push(await timeToFirstResponse(v.args, v.env));
    process.stderr.write(`round ${round + 1}/${opt.rounds} ${v.name}: ${s.hello.at(-1).toFixed(1)} µs/req hello, ${s.db.at(-1).toFixed(1)} db, p99 ${paced.p99.toFixed(2)} ms, longest task ${eld.maxMs.toFixed(1)} ms\n`);
  }
}
sink.close();
rmSync(dataDir, { recursive: true, force: true });

// Per-round ratios (or differences) against bare Express of the same round.
const bare = samples.get('bare');
const per = (s, f, op) => s[f].map((x, i) => op(x, bare[f][i % bare[f].length]));
const ratio = (a, b) => a / b;
const diff = (a, b) => a - b;
console.log(`\nOverhead side by side: ${opt.rounds} interleaved rounds, ${opt.requests} hello + ${opt['db-requests']} db requests at full load,`);
console.log(`${opt.seconds} s at ${opt.rate} req/s, Node ${process.version}; "median [min–max]" over rounds, ratios to bare in the same round\n`);
console.log('| | CPU µs/req hello | × bare | CPU µs/req db | × bare | p99 ms @' + opt.rate + '/s | × bare | longest task ms | RSS MB | + vs bare | start-up ms | + vs bare |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const v of variants) {
  const s = samples.get(v.key);
  console.log(
    `| ${v.name} | ${range(s.hello)} | ${range(per(s, 'hello', ratio), 2)} | ${range(s.db)} | ${range(per(s, 'db', ratio), 2)} | ${range(s.p99, 2)} | ${range(per(s, 'p99', ratio), 2)} | ${range(s.eldMax)} | ${range(s.rss, 0)} | ${range(per(s, 'rss', diff), 0)} | ${median(s.start).toFixed(0)} | ${range(per(s, 'start', diff), 0)} |`,
  );
}
if (errors) console.log(`\n${errors} requests failed`);
