import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { Store } from '../../src/store/types.js';
import type { Row } from './types.js';
import { writeFaultsFor } from './write-faults.js';
import type { ThreadInit, WriteReply, WriteRequest } from './write-thread.js';
import { THREAD_LIMITS } from '../../src/store/thread-limits.js';

/** Reply used when the thread cannot answer; the caller then writes on the main thread. */
export const THREAD_GONE = 'writer thread unavailable';

/** Rows waiting for the thread (a lock held by another process) may take this much memory; beyond it new batches are refused. */
export const QUEUE_BUDGET_BYTES = 32 * 1024 * 1024;
/** How long the exit path waits for the batch the thread is writing. */
const EXIT_WAIT_MS = 1000;
const CLOSE_WAIT_MS = 2000;
/**
 * The thread's first start costs ≈ 4–5 ms of main-thread CPU (Node loads
 * its worker machinery once). Started at the first quiet moment after
 * start-up (checked every WARM_RETRY_MS), it lands before the first
 * requests rather than inside the one whose span fills the first hand-off,
 * where bench/longtasks.mjs saw it as a 5.6 ms task under load from the
 * start. Start-up to the first response did not move measurably
 * (bench/README.md).
 */
const WARM_AFTER_MS = 250;
const WARM_RETRY_MS = 250;
const WARM_TRIES = 8;
/** Event-loop utilization under which a moment counts as quiet. */
const QUIET = 0.25;
/** Cells of the control array shared with the thread: a stop request, the last id it settled, whether it is writing, the last id of what it is writing. */
const STOP = 0;
const SETTLED = 1;
const BUSY = 2;
const UP_TO = 3;

function threadEntry(): URL | undefined {
  // dist/ has the .js; the sources (tests) have only the .ts, which Node 24 runs by type stripping.
  for (const name of ['./write-thread.js', './write-thread.ts']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** Rough size of a batch in memory: enough to bound a queue, cheap enough to run per batch. */
export function rowBytes(rows: readonly Row[]): number {
  let n = 0;
  for (const row of rows) for (const v of row) n += typeof v === 'string' ? v.length : 8;
  return n;
}

interface Pending {
  resolve: (reply: WriteReply) => void;
  onHeld: () => void;
  sql: string;
  rows: readonly Row[];
  bytes: number;
}

export interface Batch {
  sql: string;
  rows: readonly Row[];
}

export type Submitted = { accepted: false } | { accepted: true; committed: Promise<WriteReply> };

export interface ThreadWriterOptions {
  /** Size cap of the database and its WAL, bytes; 0: none. */
  maxBytes?: number;
  /** Busy timeout of one attempt; locked batches are retried after it. */
  busyTimeoutMs?: number;
  queueBudgetBytes?: number;
  /** A batch met a lock and is being retried (once per lock: until a batch commits). */
  onLocked?: (detail: string) => void;
}

/**
 * The main-thread side of the write thread: posts batches, matches replies.
 * One per store (all three exporters share its connection). The worker is
 * ref'd only while writes are in flight and not held by a lock: an idle or
 * locked-out Vigil never keeps the process alive.
 * Batches stay here until settled, so the exit path can write the ones the
 * thread never got to.
 */
export class ThreadWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  private queuedBytes = 0;
  private broken = false;
  private warming = false;
  private locked = false;
  /** The lock was long enough to be said (one line per lock, not per batch). */
  private announced = false;

  constructor(
    private readonly path: string,
    private readonly options: ThreadWriterOptions = {},
  ) {}

  get available(): boolean {
    return !this.broken;
  }

  /** True once the worker has started and until it stops. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Queues a batch unless the queue is over its memory budget. `onHeld`
   * runs when the batch will wait on a lock (now, or when the thread meets
   * one): its exporter can answer the SDK without waiting for the commit.
   */
  write(sql: string, rows: readonly Row[], onHeld: () => void = () => {}): Submitted {
    const bytes = rowBytes(rows);
    if (this.queuedBytes > 0 && this.queuedBytes + bytes > (this.options.queueBudgetBytes ?? QUEUE_BUDGET_BYTES)) return { accepted: false };
    const worker = this.start();
    if (!worker) return { accepted: true, committed: Promise.resolve({ id: 0, ok: false, message: THREAD_GONE }) };
    const id = this.nextId++;
    const committed = new Promise<WriteReply>((resolve) => {
      this.pending.set(id, { resolve, onHeld, sql, rows, bytes });
      this.queuedBytes += bytes;
      this.refresh();
      try {
        worker.postMessage({ id, sql, rows } satisfies WriteRequest);
      } catch {
        this.settle({ id, ok: false, message: THREAD_GONE });
      }
    });
    if (this.locked) onHeld();
    return { accepted: true, committed };
  }

  /** Another room's job for the thread (a maintenance pass, replying on its own port): false if the thread cannot take it. */
  post(message: object, transfer: TransferListItem[]): boolean {
    const worker = this.start();
    if (!worker) return false;
    try {
      worker.postMessage(message, transfer);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Starts the thread at the first quiet moment after WARM_AFTER_MS (or
   * after WARM_TRIES busy ones); a write before that starts it at once.
   */
  startWhenIdle(): void {
    if (this.worker || this.broken || this.warming) return;
    this.warming = true;
    let last = performance.eventLoopUtilization();
    const check = (left: number): void => {
      if (this.worker || this.broken) return;
      const now = performance.eventLoopUtilization();
      const busy = performance.eventLoopUtilization(now, last).utilization;
      last = now;
      if (busy < QUIET || left === 0) this.start();
      else setTimeout(check, WARM_RETRY_MS, left - 1).unref();
    };
    setTimeout(check, WARM_AFTER_MS, WARM_TRIES).unref();
  }

  /**
   * For the process `exit` event (synchronous): stops the thread, waits up
   * to a second for the batch it is writing, and hands back, oldest first,
   * the batches it will never write. A batch still being written after
   * that wait is left out: it may yet commit, and twice is worse than lost.
   */
  stopForExit(): Batch[] {
    const { left } = this.halt();
    this.pending.clear();
    this.queuedBytes = 0;
    return left.map(([, p]) => ({ sql: p.sql, rows: p.rows }));
  }

  /**
   * The file was replaced: stop writing to it now. Returns a function that
   * answers the batches the thread did not write with THREAD_GONE, so their
   * writers send them again, to the new file.
   */
  abandon(): () => void {
    const { left } = this.halt();
    return () => {
      for (const [id] of left) this.settle({ id, ok: false, message: THREAD_GONE });
    };
  }

  private halt(): { left: Array<[number, Pending]> } {
    this.broken = true;
    const c = this.control;
    Atomics.store(c, STOP, 1);
    Atomics.notify(c, STOP);
    const end = Date.now() + EXIT_WAIT_MS;
    while (this.worker && Atomics.load(c, BUSY) === 1 && Date.now() < end) Atomics.wait(c, BUSY, 1, Math.max(1, end - Date.now()));
    const settled = Atomics.load(c, SETTLED);
    const busy = this.worker !== undefined && Atomics.load(c, BUSY) === 1;
    // The batches of the transaction still going (one or more: see GROUP_ROWS in write-thread.ts) may yet commit.
    const upTo = busy ? Atomics.load(c, UP_TO) : settled;
    const left = [...this.pending].filter(([id]) => id > upTo).sort((a, b) => a[0] - b[0]);
    return { left };
  }

  /**
   * Closes the thread's connection and ends it. Shutdown has already waited
   * (bounded) for in-flight writes; a batch still retrying behind a lock is
   * given up here, else the thread would keep the process alive.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.broken = true;
    if (!worker) return;
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, STOP);
    await new Promise<void>((resolve) => {
      worker.once('exit', () => {
        this.fail();
        resolve();
      });
      worker.on('message', (m: unknown) => {
        if (m === 'closed') void worker.terminate();
      });
      worker.ref();
      worker.postMessage('close');
      // A thread inside one long attempt cannot read 'close': do not wait on it for ever.
      setTimeout(() => void worker.terminate(), CLOSE_WAIT_MS).unref();
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
      const init: ThreadInit = {
        path: this.path,
        busyTimeoutMs: this.options.busyTimeoutMs ?? 250,
        control: this.control.buffer as SharedArrayBuffer,
        slots: { stop: STOP, settled: SETTLED, busy: BUSY, upTo: UP_TO },
        maxBytes: this.options.maxBytes ?? 0,
      };
      // execArgv [] so a `--import @vigil/otel/register` preload does not start Vigil inside the thread.
      // A small young generation: the thread's garbage is short-lived batches, and
      // V8's default semi-spaces grow to tens of MB of RSS under load (see bench/README.md).
      const worker = new Worker(entry, {
        workerData: init,
        execArgv: [],
        name: 'vigil-sqlite-writer',
        resourceLimits: THREAD_LIMITS,
      });
      worker.unref();
      worker.on('message', (m: WriteReply | 'closed') => {
        if (m === 'closed') return;
        if (m.retrying) this.lockMet(m);
        else this.settle(m);
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

  private lockMet(reply: WriteReply): void {
    if (!reply.quiet && !this.announced) this.options.onLocked?.(reply.message ?? 'database is locked');
    if (!reply.quiet) this.announced = true;
    this.locked = true;
    this.refresh();
    for (const p of this.pending.values()) p.onHeld();
  }

  /**
   * Ref'd while batches are on their way, so a shutdown that awaits them is
   * not cut short; not while they wait on a lock, which another process may
   * hold for hours: the application must still be able to end.
   */
  private refresh(): void {
    if (this.pending.size > 0 && !this.locked) this.worker?.ref();
    else this.worker?.unref();
  }

  private settle(reply: WriteReply): void {
    if (reply.ok) this.locked = this.announced = false;
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    this.queuedBytes -= p.bytes;
    this.refresh();
    p.resolve(reply);
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
    const created = new ThreadWriter(store.path, {
      maxBytes: store.maxDbMb && store.maxDbMb > 0 ? store.maxDbMb * 1024 * 1024 : 0,
      onLocked: (detail) => writeFaultsFor(store).retrying(detail),
    });
    writer = created;
    byStore.set(store, created);
    store.onClose(() => void created.close());
  }
  return writer;
}

const drained = new WeakSet<Store>();

/** Exit path: the batches a store's thread never wrote, once per store (the first writer to ask writes them all). */
export function drainThreadAtExit(store: Store): Batch[] {
  if (drained.has(store)) return [];
  drained.add(store);
  return byStore.get(store)?.stopForExit() ?? [];
}

/**
 * Runs `replace` (which sets the damaged file aside and opens a fresh one)
 * with the old thread stopped; its unwritten batches are then handed back
 * to their writers, and the next write starts a thread on the new file.
 */
export function replaceThreadWriter(store: Store, replace: () => boolean): boolean {
  const old = byStore.get(store);
  byStore.delete(store);
  const handBack = old?.abandon();
  const replaced = replace();
  handBack?.();
  if (old) void old.close();
  return replaced;
}
