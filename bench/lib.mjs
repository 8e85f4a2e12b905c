// Shared benchmark helpers: child servers, CPU time from /proc, loopback sinks.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE = process.execPath;
const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in microseconds (Linux /proc). */
export function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS;
}

export function rssMb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Start `node [args] script`, resolve when its output matches `ready`
 * (by default `LISTENING <port>`; the first group is the port), with all
 * it printed so far.
 */
export function startServer(args, env = {}, ready = /LISTENING (\d+)/) {
  const t0 = performance.now();
  const proc = spawn(NODE, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(ready);
      if (m) res({ proc, port: Number(m[1]), t0, out });
    });
    proc.on('exit', (code) => rej(new Error(`server exited ${code}: ${err}`)));
  });
}

/** Time from spawn to the first HTTP 200, in ms. */
export async function timeToFirstResponse(args, env) {
  const t0 = performance.now();
  const { proc, port } = await startServer(args, env);
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/hello/x`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
  }
  const ms = performance.now() - t0;
  proc.kill('SIGKILL');
  return ms;
}

/** An OTLP/HTTP sink that answers 200 to everything, as fast as it can. */
export function startSink() {
  return new Promise((res) => {
    const s = createServer((req, r) => {
      req.resume();
      req.on('end', () => r.end('{}'));
    }).listen(0, '127.0.0.1', () => res({ url: `http://127.0.0.1:${s.address().port}`, close: () => s.close() }));
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Open-loop load at a fixed rate: one GET every 1/rate s (timers are ms-grained,
 * so requests due together leave together), over keep-alive sockets, for
 * `seconds`. Latency runs from sending to the last byte, in float ms, which
 * autocannon's rate limiter (each connection's quota in a burst at the start
 * of every second, whole-ms histogram) cannot give.
 */
export async function pacedLoad(url, rate, seconds) {
  const { Agent, get } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const latencies = [];
  let errors = 0;
  let pending = 0;
  let done;
  const finished = new Promise((res) => (done = res));
  const one = () => {
    const t0 = performance.now();
    pending++;
    const end = (ok) => {
      if (ok) latencies.push(performance.now() - t0);
      else errors++;
      if (--pending === 0 && sent === total) done();
    };
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => end(res.statusCode === 200));
    }).on('error', () => end(false));
  };
  const interval = 1000 / rate;
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
    while (sent < due) {
      sent++;
      one();
    }
    await new Promise((res) => setTimeout(res, 1));
  }
  await finished;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { p50: pct(0.5), p99: pct(0.99), max: latencies.at(-1), errors };
}

/** Parses `--name=value` arguments into numbers over the given defaults. */
export function options(defaults, argv = process.argv.slice(2)) {
  const out = { ...defaults };
  for (const a of argv) {
    const m = a.match(/^--([\w-]+)=(.*)$/);
    if (!m || !(m[1] in defaults)) throw new Error(`unknown argument ${a}; known: ${Object.keys(defaults).map((k) => `--${k}=`).join(' ')}`);
    out[m[1]] = typeof defaults[m[1]] === 'number' ? Number(m[2]) : m[2];
  }
  return out;
}

/** "median [min–max]" of a list of numbers. */
export function range(xs, digits = 1) {
  return `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;
}

const keptNames = new Map(); // bundle file URL → (minified → name given by keepNames)
/**
 * The source name of a function in a CPU profile of the bundled dist/: esbuild's
 * keepNames calls (`;o(te,"attributesJson")`) map minified names back.
 */
export function bundledName(url, fn) {
  if (!url.includes('/dist/')) return fn;
  if (!keptNames.has(url)) {
    let src = '';
    try {
      src = readFileSync(fileURLToPath(url), 'utf8');
    } catch {
      /* not a file */
    }
    // The helper's own minified name differs per chunk: take the commonest `;h(fn,"name")`.
    const calls = [...src.matchAll(/[;}]([\w$]+)\(([\w$]+),"([\w$]+)"\)/g)];
    const count = new Map();
    for (const m of calls) count.set(m[1], (count.get(m[1]) ?? 0) + 1);
    const helper = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
    keptNames.set(url, new Map(calls.filter((m) => m[1] === helper).map((m) => [m[2], m[3]])));
  }
  return keptNames.get(url).get(fn) ?? fn;
}
