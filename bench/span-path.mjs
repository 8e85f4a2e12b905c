// The local span path's cost under a fixed request rate (issue 16, "each
// span its row as it ends"): bare Express against Vigil's defaults (and,
// with --vigil-before, another build of Vigil), interleaved rounds, on the
// hello-world route of bench/fixtures/overhead-app.mjs. Per variant and
// round, over the paced phase: server CPU per request (all threads, and the
// main thread alone), minor
// page faults per request, young-generation GCs (count, mean pause) and the
// young heap's size, the longest main-thread task (event-loop delay max),
// p99 latency, RSS at the end. Ratios to bare in the same round, as
// "median [min–max]".
// Usage: node bench/span-path.mjs [--rounds=3] [--rate=500] [--seconds=8] [--vigil-before=/path/to/checkout]
//          [--handoffs=64,512]   (adds Vigil with OTEL_BSP_MAX_EXPORT_BATCH_SIZE set to each)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, cpuMicros, options, pacedLoad, range, rssMb, startServer } from './lib.mjs';

const opt = options({ rounds: 3, rate: 500, seconds: 8, 'vigil-before': '', handoffs: '' });
const app = resolve(ROOT, 'bench/fixtures/overhead-app.mjs');
const dirs = [];
/** utime + stime of the process's main thread, µs (Linux /proc; 10 ms ticks). */
const mainMicros = (pid) => {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1e6) / 100;
};
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'vigil-bench-span-path-'));
  dirs.push(d);
  return d;
};
const variants = [
  { key: 'bare', args: [app], env: () => ({}) },
  { key: 'vigil', args: ['--import', resolve(ROOT, 'dist/src/register.js'), app], env: () => ({ VIGIL_DATA_DIR: dataDir(), VIGIL_PORT: '0' }) },
];
for (const n of opt.handoffs ? opt.handoffs.split(',') : []) {
  variants.push({ key: `vigil ${n}`, args: variants[1].args, env: () => ({ VIGIL_DATA_DIR: dataDir(), VIGIL_PORT: '0', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: n }) });
}
if (opt['vigil-before']) variants.push({ key: 'before', args: ['--import', resolve(opt['vigil-before'], 'dist/src/register.js'), app], env: () => ({ VIGIL_DATA_DIR: dataDir(), VIGIL_PORT: '0' }) });
const fields = ['cpu', 'main', 'faults', 'scavenges', 'scavengeMs', 'youngMb', 'eldMax', 'p99', 'rss'];
const samples = new Map(variants.map((v) => [v.key, Object.fromEntries(fields.map((f) => [f, []]))]));

for (let round = 0; round < opt.rounds; round++) {
  for (const v of round % 2 ? [...variants].reverse() : variants) {
    const s = samples.get(v.key);
    const { proc, port } = await startServer(v.args, v.env());
    const base = `http://127.0.0.1:${port}`;
    await pacedLoad(`${base}/hello/w`, opt.rate, 3); // warm-up: JIT, lazy paths, the write thread
    const before = await (await fetch(`${base}/__eld`)).json();
    const cpu0 = cpuMicros(proc.pid);
    const main0 = mainMicros(proc.pid);
    const paced = await pacedLoad(`${base}/hello/w`, opt.rate, opt.seconds);
    const cpu = cpuMicros(proc.pid) - cpu0;
    const main = mainMicros(proc.pid) - main0;
    const after = await (await fetch(`${base}/__eld`)).json();
    const n = opt.rate * opt.seconds;
    s.cpu.push(cpu / n);
    s.main.push(main / n);
    s.faults.push((after.minorFaults - before.minorFaults) / n);
    s.scavenges.push(after.scavenges);
    s.scavengeMs.push(after.scavenges ? after.scavengeMs / after.scavenges : 0);
    s.youngMb.push(after.youngMb);
    s.eldMax.push(after.maxMs);
    s.p99.push(paced.p99);
    s.rss.push(rssMb(proc.pid));
    proc.kill('SIGKILL');
    process.stderr.write(`round ${round + 1}/${opt.rounds} ${v.key}: ${(cpu / n).toFixed(1)} µs/req (main thread ${(main / n).toFixed(1)}), ${s.faults.at(-1).toFixed(2)} faults/req, ${after.scavenges} scavenges of ${s.scavengeMs.at(-1).toFixed(2)} ms, young ${after.youngMb.toFixed(1)} MB, longest task ${after.maxMs.toFixed(1)} ms, p99 ${paced.p99.toFixed(2)} ms\n`);
  }
}
for (const d of dirs) rmSync(d, { recursive: true, force: true });

const bare = samples.get('bare');
const ratio = (s, f) => s[f].map((x, i) => x / bare[f][i]);
console.log(`\nSpan path at ${opt.rate} req/s for ${opt.seconds} s (hello route), ${opt.rounds} interleaved rounds, Node ${process.version}; "median [min–max]"\n`);
console.log('| | CPU µs/req | × bare | main thread µs/req | × bare | page faults/req | scavenges | mean scavenge ms | young heap MB | longest task ms | p99 ms | × bare | RSS MB |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const v of variants) {
  const s = samples.get(v.key);
  console.log(`| ${v.key} | ${range(s.cpu)} | ${range(ratio(s, 'cpu'), 2)} | ${range(s.main)} | ${range(ratio(s, 'main'), 2)} | ${range(s.faults, 2)} | ${range(s.scavenges, 0)} | ${range(s.scavengeMs, 2)} | ${range(s.youngMb)} | ${range(s.eldMax)} | ${range(s.p99, 2)} | ${range(ratio(s, 'p99'), 2)} | ${range(s.rss, 0)} |`);
}
