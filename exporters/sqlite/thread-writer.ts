import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from '../../src/store/types.js';
import type { Row } from './types.js';
import type { WriteReply, WriteRequest } from './write-thread.js';

/** Reply used when the thread cannot answer; the caller then writes on the main thread. */
export const THREAD_GONE = 'writer thread unavailable';

function threadEntry(): URL | undefined {
  // dist/ has the .js; the sources (tests) have only the .ts, which Node 24 runs by type stripping.
  for (const name of ['./write-thread.js', './write-thread.ts']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * The main-thread side of the write thread: posts batches, matches replies.
 * One per store (all three exporters share its connection). The worker is
 * ref'd only while writes are in flight: an idle Vigil never keeps the
 * process alive, and a shutdown that awaits a write is not cut short.
 */
export class ThreadWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: WriteReply) => void>();
  private broken = false;

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs = 5000,
  ) {}

  get available(): boolean {
    return !this.broken;
  }

  /** True once the worker has started and until it stops. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  write(sql: string, rows: readonly Row[]): Promise<WriteReply> {
    const worker = this.start();
    if (!worker) return Promise.resolve({ id: 0, ok: false, message: THREAD_GONE });
    const id = this.nextId++;
    return new Promise<WriteReply>((resolve) => {
      this.pending.set(id, resolve);
      if (this.pending.size === 1) worker.ref();
      try {
        worker.postMessage({ id, sql, rows } satisfies WriteRequest);
      } catch {
        this.settle({ id, ok: false, message: THREAD_GONE });
      }
    });
  }

  /** Closes the thread's connection and ends it after in-flight writes. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.broken = true;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.on('message', (m: unknown) => {
        if (m === 'closed') void worker.terminate();
      });
      worker.ref();
      worker.postMessage('close');
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    const entry = threadEntry();
    if (!entry) {
      this.broken = true;
      return undefined;
    }
    try {
      // execArgv [] so a `--import @vigil/otel/register` preload does not start Vigil inside the thread.
      const worker = new Worker(entry, {
        workerData: { path: this.path, busyTimeoutMs: this.busyTimeoutMs },
        execArgv: [],
        name: 'vigil-sqlite-writer',
      });
      worker.unref();
      worker.on('message', (m: WriteReply | 'closed') => {
        if (m !== 'closed') this.settle(m);
      });
      worker.on('error', () => this.fail());
      worker.on('exit', () => this.fail());
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private settle(reply: WriteReply): void {
    const resolve = this.pending.get(reply.id);
    if (!resolve) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    resolve(reply);
  }

  private fail(): void {
    this.broken = true;
    this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle({ id, ok: false, message: THREAD_GONE });
  }
}

const byStore = new WeakMap<Store, ThreadWriter>();

/** The shared write thread of a store, started on first use. */
export function threadWriterFor(store: Store): ThreadWriter {
  let writer = byStore.get(store);
  if (!writer) {
    const created = new ThreadWriter(store.path);
    writer = created;
    byStore.set(store, created);
    store.onClose(() => void created.close());
  }
  return writer;
}
