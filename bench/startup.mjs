// Start-up, idle CPU and RSS at rest: bare Node vs Vigil's preload, interleaved rounds.
//   node bench/startup.mjs [rounds=8] [idleSeconds=30]
// - one-line script: spawn → the script's first line (ms since the process
//   started, from the child's own clock), spawn → exit (wall), the whole
//   process's CPU (all threads) and its RSS at exit;
// - Express hello (bench/fixtures/hello.mjs): spawn → first 200 OK;
// - idle: the hello app left alone for `idleSeconds` after a 36 s settle (the
//   first maintenance pass runs at 30 s; bare and Vigil side by side, same
//   window): CPU ms/s and RSS at rest (after the first maintenance pass).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, ROOT, cpuMicros, rssMb, startServer, timeToFirstResponse } from './lib.mjs';

const ROUNDS = Number(process.argv[2] ?? 8);
const IDLE_S = Number(process.argv[3] ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'vigil-startup-'));
const script = join(dir, 'one.mjs');
writeFileSync(script, "process.on('exit', () => console.log(JSON.stringify({ first, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() })));\nconst first = performance.now();\n");
const hello = join(ROOT, 'bench/fixtures/hello.mjs');
const register = join(ROOT, 'dist/src/register.js');

const VARIANTS = {
  bare: { args: [], env: {} },
  vigil: { args: ['--import', register], env: { VIGIL_DATA_DIR: join(dir, 'd1'), VIGIL_PORT: '0' } },
  'vigil+server': { args: ['--import', register], env: { VIGIL_DATA_DIR: join(dir, 'd2'), VIGIL_PORT: '0' } },
};
// BEFORE=/other/checkout/dist/src/register.js adds that build (server on) to the same rounds, e.g. main's
// (`git worktree add /tmp/main main && cd /tmp/main && npm ci && npm run build`).
if (process.env.BEFORE) VARIANTS['before+server'] = { args: ['--import', process.env.BEFORE], env: { VIGIL_DATA_DIR: join(dir, 'd3'), VIGIL_PORT: '0' } };
// The telemetry server on a port of its own per run (0 = off, so pick a free-ish one).
let nextPort = 19_400 + Math.floor(Math.random() * 500);
const envOf = (name) => (name.endsWith('+server') ? { ...VARIANTS[name].env, VIGIL_PORT: String(nextPort++) } : VARIANTS[name].env);

function runScript(name) {
  const t0 = performance.now();
  const p = spawn(NODE, [...VARIANTS[name].args, script], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...envOf(name) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  return new Promise((res) =>
    p.on('close', () => {
      const { first, cpu, rss } = JSON.parse(out.trim().split('\n').pop());
      res({ first, wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, rss: rss / 1048576 });
    }),
  );
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { med: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1) };
};
const fmt = (xs) => {
  const { med, min, max } = stats(xs);
  return `${med.toFixed(0)} [${min.toFixed(0)}–${max.toFixed(0)}]`;
};

const names = Object.keys(VARIANTS);
const res = Object.fromEntries(names.map((n) => [n, { first: [], wall: [], cpu: [], rss: [], http: [] }]));
for (const n of names) await runScript(n); // warm the file cache and create the data dirs
for (let r = 0; r < ROUNDS; r++) {
  for (const n of r % 2 ? [...names].reverse() : names) {
    const s = await runScript(n);
    res[n].first.push(s.first);
    res[n].wall.push(s.wall);
    res[n].cpu.push(s.cpu);
    res[n].rss.push(s.rss);
    res[n].http.push(await timeToFirstResponse([...VARIANTS[n].args, hello], { ...envOf(n), PORT: '0' }));
  }
}
console.log(`start-up, ${ROUNDS} interleaved rounds, median [min–max] ms; "added" is the median of per-round differences to bare`);
console.log('variant       | script first line | script exit (wall) | process CPU | hello: first 200 OK | script RSS at exit, MB');
const added = (n, k) => stats(res[n][k].map((v, i) => v - res.bare[k][i]));
for (const n of names) {
  const extra = n === 'bare' ? '' : ` (+${added(n, 'first').med.toFixed(0)} / +${added(n, 'wall').med.toFixed(0)} / +${added(n, 'cpu').med.toFixed(0)} / +${added(n, 'http').med.toFixed(0)} / +${added(n, 'rss').med.toFixed(0)})`;
  console.log(`${n.padEnd(13)} | ${fmt(res[n].first).padEnd(17)} | ${fmt(res[n].wall).padEnd(18)} | ${fmt(res[n].cpu).padEnd(11)} | ${fmt(res[n].http).padEnd(19)} | ${fmt(res[n].rss)}${extra}`);
}

// Idle: both apps at once, so they share the window's noise.
if (IDLE_S > 0) {
  const idle = ['bare', 'vigil+server', ...(VARIANTS['before+server'] ? ['before+server'] : [])];
  const procs = await Promise.all(idle.map((n) => startServer([...VARIANTS[n].args, hello], { ...envOf(n), PORT: '0' })));
  await Promise.all(procs.map((p) => fetch(`http://127.0.0.1:${p.port}/hello/x`).catch(() => {})));
  await new Promise((r) => setTimeout(r, 36_000));
  const c0 = procs.map((p) => cpuMicros(p.proc.pid));
  const samples = procs.map(() => []);
  for (let s = 0; s < IDLE_S; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    procs.forEach((p, i) => samples[i].push(rssMb(p.proc.pid)));
  }
  const c1 = procs.map((p) => cpuMicros(p.proc.pid));
  console.log(`\nidle ${IDLE_S} s after a 36 s settle (hello app, one request served), CPU from /proc (10 ms ticks)`);
  idle.forEach((n, i) => {
    console.log(`${n.padEnd(18)} CPU ${((c1[i] - c0[i]) / 1000 / IDLE_S).toFixed(2)} ms/s, RSS at rest ${fmt(samples[i])} MB`);
  });
  for (const p of procs) p.proc.kill('SIGKILL');
}
rmSync(dir, { recursive: true, force: true });
