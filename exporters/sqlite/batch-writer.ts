import { context, diag } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { describe, isFatalWriteFault } from '../../src/store/faults.js';
import type { Store } from '../../src/store/types.js';
import { THREAD_GONE, threadWriterFor } from './thread-writer.js';
import type { ExporterStats, Row, StoreSource } from './types.js';

const WARN_EVERY_MS = 60_000;
const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

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
 * start). Shared by the three exporters; never throws or rejects. A fault
 * that will not heal (corrupt file, read-only, file gone) reports one line
 * through the store and switches this writer off; anything else fails the
 * batch and is warned about at most once a minute.
 */
export class BatchWriter {
  readonly stats: ExporterStats = { written: 0, dropped: 0 };
  private readonly statements = new WeakMap<DatabaseSync, StatementSync>();
  private readonly inflight = new Set<Promise<ExportResult>>();
  private off = false;
  private lastWarnMs = -Infinity;

  constructor(
    private readonly source: StoreSource,
    private readonly sql: string,
    private readonly label: string,
    private readonly useThread = true,
  ) {}

  write(rows: readonly Row[]): Promise<ExportResult> {
    const p = this.writeNow(rows);
    this.inflight.add(p);
    void p.then(() => this.inflight.delete(p));
    return p;
  }

  /** Resolves when every write started so far has settled. */
  async flush(): Promise<void> {
    await Promise.all([...this.inflight]);
  }

  private async writeNow(rows: readonly Row[]): Promise<ExportResult> {
    if (rows.length === 0) return SUCCESS;
    const store = resolveStore(this.source);
    if (!store || store.closed || this.off) {
      // Storage is off and was reported when it went off; failing every batch would only add noise.
      this.stats.dropped += rows.length;
      return SUCCESS;
    }
    if (this.useThread) {
      const thread = threadWriterFor(store);
      if (thread.available) {
        const reply = await thread.write(this.sql, rows);
        if (reply.ok) return this.ok(rows.length);
        if (reply.message !== THREAD_GONE) return this.failed(store, rows.length, reply);
      }
    }
    try {
      // The node:sqlite instrumentation must not trace our own inserts (that would feed itself).
      context.with(suppressTracing(context.active()), () => this.insertHere(store.db, rows));
      return this.ok(rows.length);
    } catch (err) {
      return this.failed(store, rows.length, err);
    }
  }

  private ok(n: number): ExportResult {
    this.stats.written += n;
    return SUCCESS;
  }

  private failed(store: Store, n: number, err: unknown): ExportResult {
    this.stats.dropped += n;
    const line = `${this.label}: could not write ${n} rows to ${store.path} (${describe(err)})`;
    if (isFatalWriteFault(err)) {
      this.off = true;
      store.problem(`${line}; SQLite ${this.label} export is off`);
    }
    const now = Date.now();
    if (now - this.lastWarnMs >= WARN_EVERY_MS) {
      this.lastWarnMs = now;
      diag.warn(line);
    }
    return { code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(describe(err)) };
  }

  private insertHere(db: DatabaseSync, rows: readonly Row[]): void {
    let stmt = this.statements.get(db);
    if (!stmt) {
      stmt = db.prepare(this.sql);
      this.statements.set(db, stmt);
    }
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
