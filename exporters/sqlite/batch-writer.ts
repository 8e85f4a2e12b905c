import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { classify, describe } from '../../src/store/faults.js';
import type { Store } from '../../src/store/types.js';
import { QUEUE_BUDGET_BYTES, THREAD_GONE, drainThreadAtExit, replaceThreadWriter, threadWriterFor } from './thread-writer.js';
import type { ExporterStats, Row, StoreSource } from './types.js';
import { writeFaultsFor, type WriteFaultKind } from './write-faults.js';

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };
/** Rows the exit path could not write, by store: one line each once the exit flush is done. */
const exitLosses = new Map<Store, { rows: number; detail: string }>();

/** The last word of the exit path (synchronous): what could not be written, one line per store. */
export function reportExitLosses(): void {
  for (const [store, { rows, detail }] of exitLosses) store.report(`could not write ${rows} rows to ${store.path} at exit (${detail}); they are lost`);
  exitLosses.clear();
}

export function resolveStore(source: StoreSource): Store | undefined {
  try {
    return typeof source === 'function' ? source() : source;
  } catch {
    return undefined;
  }
}

/**
 * Inserts one batch of rows in one transaction with a prepared statement,
 * on the store's write thread (main-thread fallback when no thread can
 * start). Shared by the three exporters; never throws or rejects.
 *
 * Every batch resolves SUCCESS: a lost batch is counted and said once per
 * kind of fault by the store's WriteFaults, because a FAILED result makes
 * the SDK's batch processor print a stack per batch. A batch held up by a
 * lock resolves as soon as the thread has it (the thread retries it), so
 * the processor's own queue keeps moving. A damaged file is set aside and
 * the batch written again to the fresh one; a read-only or vanished file
 * switches this writer off with one line.
 */
export class BatchWriter {
  readonly stats: ExporterStats = { written: 0, dropped: 0 };
  private readonly statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();
  private readonly inflight = new Set<Promise<void>>();
  private off = false;
  private exiting = false;

  constructor(
    private readonly source: StoreSource,
    private readonly sql: string,
    private readonly label: string,
    private readonly useThread = true,
  ) {}

  /** Resolves SUCCESS when the batch is committed, held for retry, or counted as lost. */
  write(rows: readonly Row[]): Promise<ExportResult> {
    if (rows.length === 0) return Promise.resolve(SUCCESS);
    const store = this.usable(rows.length);
    if (!store) return Promise.resolve(SUCCESS);
    return new Promise((resolve) => {
      const done = this.submit(store, rows, false, () => resolve(SUCCESS)).catch(() => {
        // not expected (submit catches its faults), but a rejection here would reach the application
        this.stats.dropped += rows.length;
      });
      this.inflight.add(done);
      void done.then(() => {
        this.inflight.delete(done);
        resolve(SUCCESS);
      });
    });
  }

  /** Starts the store's write thread at a quiet moment soon (its start is a main-thread task of a few ms). */
  warmSoon(): void {
    if (!this.useThread) return;
    const store = resolveStore(this.source);
    if (store && !store.closed) threadWriterFor(store).startWhenIdle();
  }

  /** Resolves when every write started so far has settled. */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /**
   * The process `exit` event, where nothing asynchronous runs any more:
   * first the batches the write thread never wrote (once per store), then
   * these rows, synchronously on the main handle.
   */
  writeAtExit(rows: readonly Row[]): void {
    this.exiting = true;
    const store = this.usable(rows.length);
    if (!store) return;
    for (const batch of drainThreadAtExit(store)) this.insertAtExit(store, batch.sql, batch.rows);
    if (rows.length > 0) this.insertAtExit(store, this.sql, rows);
  }

  private usable(n: number): Store | undefined {
    const store = resolveStore(this.source);
    if (!store || store.closed || this.off) {
      // Storage is off and was reported when it went off; failing every batch would only add noise.
      this.stats.dropped += n;
      return undefined;
    }
    return store;
  }

  /** One batch to its end (committed or lost); `held` runs early when the batch waits on a lock. */
  private async submit(store: Store, rows: readonly Row[], again: boolean, held: () => void): Promise<void> {
    if (store.closed) {
      this.stats.dropped += rows.length;
      return;
    }
    if (this.useThread) {
      const thread = threadWriterFor(store);
      if (thread.available) {
        const generation = store.generation;
        const sent = thread.write(this.sql, rows, held);
        if (!sent.accepted) {
          return this.lose(store, 'queue_full', rows.length, `batches waiting for the file take more than ${QUEUE_BUDGET_BYTES / 1024 / 1024} MB`);
        }
        const reply = await sent.committed;
        if (this.exiting) return;
        if (store.closed && !reply.ok) {
          // Shut down while the batch waited (a lock that outlived the shutdown timeout).
          return this.lose(store, 'locked', rows.length, 'still locked when the application ended');
        }
        if (reply.ok) {
          if (reply.capDropped) writeFaultsFor(store).capped(reply.capDropped);
          return this.committed(store, rows.length);
        }
        if (reply.message !== THREAD_GONE) return this.failed(store, rows, reply, again, generation, held);
        // The file was replaced under this batch: send it to the new file's thread.
        if (!again && threadWriterFor(store).available) return this.submit(store, rows, true, held);
      }
    }
    try {
      // The node:sqlite instrumentation must not trace our own inserts (that would feed itself).
      context.with(suppressTracing(context.active()), () => this.insertHere(store.db, this.sql, rows));
      this.committed(store, rows.length);
    } catch (err) {
      await this.failed(store, rows, err, again, store.generation, held);
    }
  }

  private committed(store: Store, n: number): void {
    this.stats.written += n;
    writeFaultsFor(store).committed();
  }

  private async failed(store: Store, rows: readonly Row[], err: unknown, again: boolean, generation: number, held: () => void): Promise<void> {
    const kind = classify(err);
    if (kind === 'corrupt' && !again) {
      // Another batch may have replaced the file already; else this one does.
      const fresh = store.generation !== generation || this.replace(store, err);
      if (fresh) return this.submit(store, rows, true, held);
    }
    if (kind === 'readonly' || kind === 'cantopen') {
      this.off = true;
      store.problem(`${this.label}: could not write ${rows.length} rows to ${store.path} (${describe(err)}); SQLite ${this.label} export is off`);
      this.stats.dropped += rows.length;
      return;
    }
    this.lose(store, kind, rows.length, describe(err));
  }

  private replace(store: Store, err: unknown): boolean {
    // Unwritten batches of the old thread come back as THREAD_GONE and are written again to the new file.
    return replaceThreadWriter(store, () => store.replaceDamaged(err));
  }

  private lose(store: Store, kind: WriteFaultKind, n: number, detail: string): void {
    this.stats.dropped += n;
    writeFaultsFor(store).lost(kind, this.label, n, detail);
  }

  private insertAtExit(store: Store, sql: string, rows: readonly Row[]): void {
    // After one failure (a lock held elsewhere costs the handle's busy timeout) the rest is not tried: exit must stay quick.
    const lost = exitLosses.get(store);
    if (lost) {
      lost.rows += rows.length;
      this.stats.dropped += rows.length;
      return;
    }
    try {
      this.insertHere(store.db, sql, rows);
      this.stats.written += rows.length;
    } catch (err) {
      // Nothing can be retried any more: the rest is not tried, and reportExitLosses says what was lost.
      exitLosses.set(store, { rows: rows.length, detail: describe(err) });
      this.stats.dropped += rows.length;
    }
  }

  private insertHere(db: DatabaseSync, sql: string, rows: readonly Row[]): void {
    let byDb = this.statements.get(db);
    if (!byDb) this.statements.set(db, (byDb = new Map()));
    let stmt = byDb.get(sql);
    if (!stmt) byDb.set(sql, (stmt = db.prepare(sql)));
    // A savepoint, not BEGIN: it also works if another room has a transaction open on the shared handle.
    db.exec('SAVEPOINT vigil_export');
    try {
      for (const row of rows) stmt.run(...row);
      db.exec('RELEASE vigil_export');
    } catch (err) {
      try {
        db.exec('ROLLBACK TO vigil_export');
        db.exec('RELEASE vigil_export');
      } catch {
        // the handle is gone; nothing to undo
      }
      throw err;
    }
  }
}
