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

/** Start `node [args] script`, resolve when it prints LISTENING <port>. */
export function startServer(args, env = {}) {
  const t0 = performance.now();
  const proc = spawn(NODE, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/LISTENING (\d+)/);
      if (m) res({ proc, port: Number(m[1]), t0 });
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
