// Where Vigil's per-request cost goes: the same hello-world under Vigil with
// parts switched off by environment, interleaved rounds, CPU µs per request
// (process user+system time, all threads) and RSS after load, against bare
// Express in the same round. `--before=/other/checkout` adds that build's
// "no exporters" and "defaults" beside this one's, for A/B of the span and
// metric path (no exporters: what the instrumentation, the processors and
// the SDK cost before anything is stored).
// Usage: node bench/http-breakdown.mjs [--requests=20000] [--rounds=3]
//          [--before=/path/to/checkout] [--only=bare,none,defaults,...]
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, cpuMicros, median, options, range, rssMb, startServer } from './lib.mjs';

const opt = options({ requests: 20_000, rounds: 3, before: '', only: '' });
const app = resolve(ROOT, 'bench/fixtures/hello.mjs');
const reg = (root) => ['--import', resolve(root, 'dist/src/register.js'), app];
const base = () => ({ VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-bench-')), VIGIL_PORT: '0' });
const off = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
let variants = [
  ['bare', 'bare express', [app], {}],
  ['http', 'vigil, no exporters, http only', reg(ROOT), { ...off, OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }],
  ['noredact', 'vigil, no exporters, no redaction', reg(ROOT), { ...off, VIGIL_REDACTION: 'off' }],
  // Express 5's router allocates a trace context per layer once anyone listens on its channel (Vigil does, for errors).
  ['noexpress', 'vigil, no exporters, no express channel', reg(ROOT), { ...off, OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express' }],
  ['none', 'vigil, no exporters', reg(ROOT), off],
  ['prom', 'vigil, prometheus only', reg(ROOT), { ...off, OTEL_METRICS_EXPORTER: 'prometheus' }],
  ['sqlite', 'vigil, traces to sqlite only', reg(ROOT), { ...off, OTEL_TRACES_EXPORTER: 'sqlite' }],
  ['defaults', 'vigil defaults', reg(ROOT), {}],
];
if (opt.before) {
  variants.push(['before-none', 'before: vigil, no exporters', reg(opt.before), off], ['before-defaults', 'before: vigil defaults', reg(opt.before), {}]);
}
if (opt.only) {
  const keep = new Set(['bare', ...opt.only.split(',')]);
  // The --before build's variants follow the ones asked for.
  variants = variants.filter(([key]) => keep.has(key) || (key.startsWith('before-') && keep.has(key.slice(7))));
}
const samples = new Map(variants.map(([key]) => [key, { cpu: [], ratio: [], rss: [] }]));
for (let r = 0; r < opt.rounds; r++) {
  let bare = 0;
  for (const [key, name, args, env] of variants) {
    const { proc, port } = await startServer(args, { ...base(), ...env });
    await autocannon({ url: `http://127.0.0.1:${port}/hello/w`, connections: 8, amount: 3000 });
    const before = cpuMicros(proc.pid);
    await autocannon({ url: `http://127.0.0.1:${port}/hello/w`, connections: 8, amount: opt.requests });
    const cpu = (cpuMicros(proc.pid) - before) / opt.requests;
    if (key === 'bare') bare = cpu;
    const s = samples.get(key);
    s.cpu.push(cpu);
    s.ratio.push(cpu / bare);
    await new Promise((res) => setTimeout(res, 500));
    s.rss.push(rssMb(proc.pid));
    proc.kill('SIGKILL');
    process.stderr.write(`round ${r + 1}/${opt.rounds} ${name}: ${cpu.toFixed(1)} µs/req\n`);
  }
}
const bareRss = median(samples.get('bare').rss);
console.log(`\nPer-request CPU by part, ${opt.requests} requests × ${opt.rounds} interleaved rounds, "median [min–max]"; ratios to bare in the same round\n`);
for (const [key, name] of variants) {
  const s = samples.get(key);
  console.log(`${name.padEnd(36)} ${range(s.cpu).padStart(20)} µs  × ${range(s.ratio, 2)}   RSS +${(median(s.rss) - bareRss).toFixed(1)} MB`);
}
