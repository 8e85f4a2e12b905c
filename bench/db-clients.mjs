// Database clients and log bridges: (1) start-up of the plain Express app with
// Vigil's defaults vs the same with the new instrumentations disabled, as
// process CPU until the first 200 OK (wall time on this shared 2-core machine
// swings by ±1 s under other work; CPU time by ±40 ms);
// (2) CPU per pg query: bare client, Vigil, upstream instrumentation-pg under
// NodeSDK. Rounds interleave the variants; medians and ranges over rounds.
// Usage: node bench/db-clients.mjs   (BENCH_ROUNDS=5, QUERIES=4000)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NODE, ROOT, cpuMicros, median, startServer, startSink } from './lib.mjs';
import { missing, startPostgres } from '../test/helpers/servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REGISTER = resolve(ROOT, 'dist/src/register.js');
const NEW = 'pg,mysql2,redis,ioredis,pino,winston,console';
const dir = () => mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

const onlyPg = process.argv.includes('--pg');
// (1) start-up: process CPU from spawn to the first 200 OK of bench/fixtures/hello.mjs.
const hello = resolve(ROOT, 'bench/fixtures/hello.mjs');
async function startupCpuMs(env) {
  const { proc, port } = await startServer(['--import', REGISTER, hello], { VIGIL_DATA_DIR: dir(), VIGIL_PORT: '0', ...env });
  await fetch(`http://127.0.0.1:${port}/hello/x`);
  const ms = cpuMicros(proc.pid) / 1000;
  proc.kill('SIGKILL');
  return ms;
}
const startup = { without: [], with: [] };
for (let r = 0; r < (onlyPg ? 0 : ROUNDS * 2); r++) {
  startup.without.push(await startupCpuMs({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: NEW }));
  startup.with.push(await startupCpuMs({}));
}
const m = onlyPg ? { without: NaN, with: NaN } : { without: median(startup.without), with: median(startup.with) };
console.log('start-up of plain Express with Vigil: CPU ms to the first response (median, range; /proc ticks are 10 ms)');
console.log(`  new instrumentations disabled  ${m.without.toFixed(0)}  (${range(startup.without)})`);
console.log(`  defaults (all enabled)         ${m.with.toFixed(0)}  (${range(startup.with)})   Δ ${(m.with - m.without).toFixed(1)} ms`);

// (2) CPU per pg query.
const why = missing('postgres');
if (why) {
  console.log(`pg per-query CPU skipped: ${why}`);
  process.exit(0);
}
const pg = await startPostgres();
const sink = await startSink();
const app = resolve(ROOT, 'bench/fixtures/pg-queries.mjs');
const variants = [
  { name: 'bare pg', args: [app], env: {} },
  { name: 'vigil (defaults: spans + metrics to SQLite)', args: ['--import', REGISTER, app], env: () => ({ VIGIL_DATA_DIR: dir(), VIGIL_PORT: '0' }) },
  {
    name: 'vigil, no exporters (instrumentation + processors)',
    args: ['--import', REGISTER, app],
    env: () => ({ VIGIL_DATA_DIR: dir(), VIGIL_PORT: '0', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }),
  },
  {
    name: 'upstream instrumentation-pg + NodeSDK, no-op exporter',
    args: ['--import', resolve(ROOT, 'bench/fixtures/upstream-pg.mjs'), app],
    env: { OTEL_SEMCONV_STABILITY_OPT_IN: 'database', BENCH_NOOP: '1' },
  },
  {
    name: 'upstream instrumentation-pg + NodeSDK (OTLP to a sink)',
    args: ['--import', resolve(ROOT, 'bench/fixtures/upstream-pg.mjs'), app],
    env: { OTEL_SEMCONV_STABILITY_OPT_IN: 'database', OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
  },
];
const cpu = new Map(variants.map((v) => [v.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const v of variants) {
    const env = typeof v.env === 'function' ? v.env() : v.env;
    cpu.get(v.name).push(await runQueries(v.args, { ...env, PG_PORT: String(pg.port) }));
  }
}
const bare = median(cpu.get('bare pg'));
console.log(`\nCPU per pg query (µs, ${process.env.QUERIES ?? 4000} queries × ${ROUNDS} rounds)`);
for (const v of variants) {
  const xs = cpu.get(v.name);
  console.log(`  ${v.name.padEnd(58)} ${median(xs).toFixed(1).padStart(6)}  × bare ${(median(xs) / bare).toFixed(2)}  (${range(xs)})`);
}
sink.close();
await pg.stop();

function runQueries(args, env) {
  return new Promise((res, rej) => {
    const proc = spawn(NODE, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.on('exit', () => {
      const m = out.match(/RESULT ([\d.]+)/);
      if (m) res(Number(m[1]));
      else rej(new Error(`no result: ${out}\n${err}`));
    });
  });
}
