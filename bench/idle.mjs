// Background cost of an idle application: the Express hello app (one request
// served) left alone, bare Node vs Vigil with defaults, all variants side by
// side in each round so they share the window's noise.
//   node bench/idle.mjs [rounds=3] [windowSeconds=50] [settleSeconds=35]   (≈ 4.5 min)
// - CPU: every thread's run time from /proc/<pid>/task/*/schedstat (ns, not
//   the 10 ms ticks of /proc/<pid>/stat), over the window, in ms per second;
//   the window starts after the first maintenance pass (30 s after start);
// - per thread (Vigil): which threads exist at rest and what each costs;
// - RSS at rest at the end of the window, and Vigil's heap after a full GC.
// BEFORE=/other/checkout/dist/src/register.js adds that build to each round;
// PARTS='{"no-sqlite-metrics":{"OTEL_METRICS_EXPORTER":"prometheus"}}' adds
// Vigil variants with those variables (what one part costs).
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer } from './lib.mjs';

const ROUNDS = Number(process.argv[2] ?? 3);
const WINDOW_S = Number(process.argv[3] ?? 50);
const SETTLE_S = Number(process.argv[4] ?? 35);
const dir = mkdtempSync(join(tmpdir(), 'vigil-idle-'));
const hello = join(ROOT, 'bench/fixtures/hello.mjs');
const report = ['--expose-gc', '--import', join(ROOT, 'bench/fixtures/rest-report.mjs')];
const VARIANTS = { bare: [], vigil: ['--import', join(ROOT, 'dist/src/register.js')] };
if (process.env.BEFORE) VARIANTS.before = ['--import', process.env.BEFORE];
const PARTS = JSON.parse(process.env.PARTS ?? '{}');
for (const name of Object.keys(PARTS)) VARIANTS[name] = VARIANTS.vigil;
let port = 21_000 + Math.floor(Math.random() * 2000);

/** name → run time in ns of each live thread. */
function threads(pid) {
  const out = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out[`${comm}#${tid}`] = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return out;
}
const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

const res = Object.fromEntries(Object.keys(VARIANTS).map((n) => [n, { cpu: [], rss: [], rest: [], perThread: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  const names = Object.keys(VARIANTS);
  const procs = await Promise.all(
    names.map((n) => startServer([...VARIANTS[n], ...report, hello], { PORT: '0', VIGIL_DATA_DIR: join(dir, `${n}-${r}`), VIGIL_PORT: String(port++), ...PARTS[n] })),
  );
  await Promise.all(procs.map((p) => fetch(`http://127.0.0.1:${p.port}/hello/x`).then((x) => x.text())));
  await new Promise((ok) => setTimeout(ok, SETTLE_S * 1000));
  const t0 = procs.map((p) => threads(p.proc.pid));
  await new Promise((ok) => setTimeout(ok, WINDOW_S * 1000));
  const t1 = procs.map((p) => threads(p.proc.pid));
  for (const [i, n] of names.entries()) {
    const per = {};
    for (const [k, ns] of Object.entries(t1[i])) {
      const name = k.split('#')[0];
      per[name] = (per[name] ?? 0) + (ns - (t0[i][k] ?? 0)) / 1e6 / WINDOW_S;
    }
    res[n].perThread.push(per);
    res[n].cpu.push(Object.values(per).reduce((a, b) => a + b, 0));
    res[n].rss.push(rssMb(procs[i].proc.pid));
    const line = new Promise((ok) => procs[i].proc.stdout.on('data', (d) => String(d).includes('REST ') && ok(JSON.parse(String(d).split('REST ')[1]))));
    procs[i].proc.kill('SIGUSR2');
    res[n].rest.push(await line);
    procs[i].proc.kill('SIGKILL');
  }
}
rmSync(dir, { recursive: true, force: true });

const fmt = (xs, d = 2) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(s.length / 2)].toFixed(d)} [${s[0].toFixed(d)}–${s.at(-1).toFixed(d)}]`;
};
const mb = (b) => b / 1048576;
console.log(`idle hello app, ${ROUNDS} rounds × ${WINDOW_S} s after a ${SETTLE_S} s settle; median [min–max]`);
console.log('variant | CPU ms/s (all threads) | RSS at rest MB | heap used after GC MB | external MB | V8 contexts');
for (const [n, v] of Object.entries(res)) {
  console.log(`${n.padEnd(7)} | ${fmt(v.cpu).padEnd(22)} | ${fmt(v.rss, 1).padEnd(14)} | ${fmt(v.rest.map((x) => mb(x.heapUsed)), 1).padEnd(21)} | ${fmt(v.rest.map((x) => mb(x.external)), 1).padEnd(11)} | ${v.rest[0].contexts}`);
}
for (const n of Object.keys(res).filter((x) => x !== 'bare')) {
  const added = res[n].rss.map((x, i) => x - res.bare.rss[i]);
  console.log(`${n}: RSS added at rest ${fmt(added, 1)} MB; CPU added ${fmt(res[n].cpu.map((x, i) => x - res.bare.cpu[i]))} ms/s`);
  const names = [...new Set(res[n].perThread.flatMap((p) => Object.keys(p)))];
  console.log(`  threads at rest: ${names.map((t) => `${t} ${fmt(res[n].perThread.map((p) => p[t] ?? 0), 3)}`).join('; ')}`);
}
