import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const ROOT = resolve(import.meta.dirname, '../..');
export const NODE = resolve(ROOT, 'node_modules/.bin/node');
export const REGISTER = resolve(ROOT, 'dist/src/register.js');

export interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of the pattern. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export function tempDir(prefix = 'vigil-test-'): string {
  return mkdtempSync(resolve(tmpdir(), prefix));
}

/**
 * A real child process started with `node --import <dist register>`, with a
 * clean Vigil environment (no telemetry server unless asked, a fresh data dir).
 */
export function startApp(script: string, env: Record<string, string> = {}, opts: { preload?: boolean; cwd?: string; nodeArgs?: string[]; args?: string[] } = {}): Child {
  const args = [...(opts.nodeArgs ?? []), ...(opts.preload === false ? [] : ['--import', REGISTER]), script, ...(opts.args ?? [])];
  const proc = spawn(NODE, args, {
    cwd: opts.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      VIGIL_PORT: '0',
      VIGIL_DATA_DIR: env.VIGIL_DATA_DIR ?? tempDir(),
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = out.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => proc.kill(signal),
    waitFor(pattern, timeoutMs = 20_000) {
      const m = out.match(pattern);
      if (m) return Promise.resolve(m);
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`timed out waiting for ${pattern}; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          rej(new Error(`process exited (${code ?? signal}) before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        });
        waiters.push({ pattern, resolve: (mm) => (clearTimeout(timer), res(mm)) });
      });
    },
  };
}

/** A free TCP port on loopback (bound and released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export async function eventually<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
