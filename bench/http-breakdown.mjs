// Where Vigil's per-request cost goes: the same hello-world under Vigil with
// parts switched off by environment, interleaved rounds, CPU µs per request
// and RSS after load, against bare Express in the same run.
// Usage: node bench/http-breakdown.mjs [requests=20000]
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, cpuMicros, median, rssMb, startServer } from './lib.mjs';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const app = resolve(ROOT, 'bench/fixtures/hello.mjs');
const reg = ['--import', resolve(ROOT, 'dist/src/register.js'), app];
const base = () => ({ VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-bench-')), VIGIL_PORT: '0' });
const off = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
const variants = [
  ['bare express', [app], {}],
  ['vigil, no exporters, http only', reg, { ...off, OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }],
  ['vigil, no exporters, no redaction', reg, { ...off, VIGIL_REDACTION: 'off' }],
  ['vigil, no exporters', reg, off],
  ['vigil, prometheus only', reg, { ...off, OTEL_METRICS_EXPORTER: 'prometheus' }],
  ['vigil, traces to sqlite only', reg, { ...off, OTEL_TRACES_EXPORTER: 'sqlite' }],
  ['vigil defaults', reg, {}],
];
const samples = new Map(variants.map(([n]) => [n, { cpu: [], rss: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, args, env] of variants) {
    const { proc, port } = await startServer(args, { ...base(), ...env });
    await autocannon({ url: `http://127.0.0.1:${port}/hello/w`, connections: 8, amount: 2000 });
    const before = cpuMicros(proc.pid);
    await autocannon({ url: `http://127.0.0.1:${port}/hello/w`, connections: 8, amount: REQUESTS });
    samples.get(name).cpu.push((cpuMicros(proc.pid) - before) / REQUESTS);
    await new Promise((res) => setTimeout(res, 500));
    samples.get(name).rss.push(rssMb(proc.pid));
    proc.kill('SIGKILL');
  }
}
const bare = median(samples.get('bare express').cpu);
const bareRss = median(samples.get('bare express').rss);
console.log(`\nPer-request CPU by part, ${REQUESTS} requests × ${ROUNDS} rounds, medians\n`);
for (const [name] of variants) {
  const s = samples.get(name);
  console.log(`${name.padEnd(36)} ${median(s.cpu).toFixed(1).padStart(7)} µs  ×${(median(s.cpu) / bare).toFixed(2)}   RSS +${(median(s.rss) - bareRss).toFixed(1)} MB`);
}
