import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { openReadOnly } from '../store/index.js';
import { THREAD_LIMITS } from '../store/thread-limits.js';
import { READS } from './reads.js';
import type { ReadArgs, ReadName, ReadResult } from './reads.js';

/** Where the dashboard's reads run. Rejects when the database cannot answer (no file, a fault). */
export interface Reader {
  read<K extends ReadName>(name: K, args: ReadArgs<K>): Promise<ReadResult<K>>;
  close(): Promise<void>;
  /** Whether reads run off the calling thread. */
  readonly threaded: boolean;
}

export class NoDatabaseError extends Error {}

/** Reads on a connection of this thread (`vigil dashboard --db`, tests): the process does nothing else. */
export function inlineReader(db: () => DatabaseSync | undefined): Reader {
  return {
    threaded: false,
    async read(name, args) {
      let handle: DatabaseSync | undefined;
      try {
        handle = db();
      } catch {
        handle = undefined;
      }
      if (!handle) throw new NoDatabaseError('the monitoring database is not open');
      return (READS[name] as (db: DatabaseSync, a: typeof args) => ReadResult<typeof name>)(handle, args);
    },
    async close() {},
  };
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/**
 * Reads on a worker thread with its own read-only connection, so a summary
 * of a week (30–46 ms of SQLite and arithmetic) never runs on the
 * application's event loop. The worker is started once, kept, and unref'd:
 * it never keeps the process alive. Without a build (tests on the sources)
 * or when the worker cannot start, reads fall back to a read-only
 * connection on this thread.
 */
export function threadReader(dbPath: string): Reader {
  const entry = new URL('./read-thread.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) return readOnlyInline(dbPath);
  let worker: Worker | undefined;
  let seq = 0;
  const pending = new Map<number, Pending>();
  const inFlight = new Map<string, Promise<unknown>>();
  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
    worker = undefined; // the next read starts a fresh one
  };
  const start = (): Worker => {
    // execArgv [] so a `--import @vigil/otel/register` preload does not start Vigil inside the thread.
    const w = new Worker(entry, {
      workerData: { path: dbPath },
      execArgv: [],
      name: 'vigil-dashboard-reader',
      resourceLimits: THREAD_LIMITS,
    });
    w.unref();
    w.on('message', (m: { id: number; ok: boolean; result?: unknown; message?: string; noDb?: boolean }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(m.noDb ? new NoDatabaseError(m.message) : new Error(m.message));
    });
    w.on('error', (err) => {
      diag.warn(`vigil dashboard: read thread failed: ${err.message}`);
      failAll(err.message);
    });
    w.on('exit', () => failAll('the read thread exited'));
    return w;
  };
  return {
    threaded: true,
    read(name, args) {
      // A page refreshing faster than the thread answers must not build a queue:
      // the same question already in flight shares its answer (a few ms older at most).
      const { now: _now, overlay: _overlay, ...rest } = args as { now?: unknown; overlay?: unknown };
      const key = `${name}:${JSON.stringify(rest)}`;
      const same = inFlight.get(key);
      if (same) return same as Promise<ReadResult<typeof name>>;
      const p = new Promise<ReadResult<typeof name>>((resolve, reject) => {
        try {
          worker ??= start();
        } catch (err) {
          reject(err as Error);
          return;
        }
        const id = ++seq;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id, name, args });
      });
      inFlight.set(key, p);
      const forget = () => void inFlight.delete(key);
      p.then(forget, forget);
      return p;
    },
    async close() {
      const w = worker;
      worker = undefined;
      failAll('the dashboard reader closed');
      await w?.terminate();
    },
  };
}

function readOnlyInline(dbPath: string): Reader {
  let db: DatabaseSync | undefined;
  const inline = inlineReader(() => (db ??= openReadOnly(dbPath)));
  return {
    threaded: false,
    read: inline.read,
    async close() {
      db?.close();
      db = undefined;
    },
  };
}
