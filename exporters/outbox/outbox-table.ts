import { randomBytes } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { OUTBOX_TABLE } from '../../src/store/schema-v1.js';
import { CLAIM_MS, ensureClaimColumns } from '../../src/store/outbox-claims.js';
import type { OutboxRow } from './types.js';

/** The store's own DDL of the table, so this works before (and beside) the store's migration 1. */
export const OUTBOX_DDL = OUTBOX_TABLE;

export interface EnqueueInput {
  signal: string;
  url: string;
  contentType: string;
  body: Uint8Array;
  attempts: number;
  nextAttemptMs: number;
  lastError?: string;
}

/**
 * Prepared statements over the `outbox` table of one database handle. One
 * instance per handle (see outboxTableFor) so the three signal exporters
 * share the running byte total that enforces the size cap.
 */
export class OutboxTable {
  private readonly insertStmt: StatementSync;
  private readonly claimStmt: StatementSync;
  private readonly deleteStmt: StatementSync;
  private readonly retryStmt: StatementSync;
  private readonly oldestAnyStmt: StatementSync;
  private readonly countStmt: StatementSync;
  private readonly headDueStmt: StatementSync;
  private totalBytes: number;
  /** Who this table's claims are by: one per handle, so two connections of one process are two senders too. */
  readonly owner = `${process.pid}:${randomBytes(6).toString('hex')}`;

  constructor(readonly db: DatabaseSync) {
    db.exec(OUTBOX_DDL);
    ensureClaimColumns(db);
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (signal, url, content_type, body, bytes, created_ms, attempts, next_attempt_ms, last_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // One statement, so the pick and the claim are one write: two processes never claim the same row.
    this.claimStmt = db.prepare(
      `UPDATE outbox SET claimed_by = ?, claim_until_ms = ?
       WHERE id = (SELECT id FROM outbox WHERE signal = ? AND (claimed_by IS NULL OR claimed_by = ? OR claim_until_ms < ?) ORDER BY id LIMIT 1)
       RETURNING id, signal, url, content_type, body, bytes, attempts, next_attempt_ms`,
    );
    this.deleteStmt = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.retryStmt = db.prepare('UPDATE outbox SET attempts = ?, next_attempt_ms = ?, last_error = ?, claimed_by = NULL, claim_until_ms = NULL WHERE id = ?');
    this.oldestAnyStmt = db.prepare('SELECT id, bytes, signal FROM outbox ORDER BY id LIMIT 1');
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE signal = ?');
    this.headDueStmt = db.prepare('SELECT next_attempt_ms AS due FROM outbox WHERE signal = ? ORDER BY id LIMIT 1');
    // Summed once; kept current in memory so the cap check on every insert does not scan the blobs.
    const row = db.prepare('SELECT COALESCE(SUM(bytes), 0) AS total FROM outbox').get() as { total: number };
    this.totalBytes = Number(row.total);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  enqueue(input: EnqueueInput, nowMs: number = Date.now()): number {
    const result = this.insertStmt.run(
      input.signal,
      input.url,
      input.contentType,
      input.body,
      input.body.byteLength,
      nowMs,
      input.attempts,
      input.nextAttemptMs,
      input.lastError ?? null,
    );
    this.totalBytes += input.body.byteLength;
    return Number(result.lastInsertRowid);
  }

  /**
   * Claims the oldest queued request of a signal that no other sender holds:
   * within one process replay is in insertion order; across processes each
   * row goes to one of them. Undefined when nothing is left to claim.
   */
  claimHead(signal: string, nowMs: number = Date.now()): OutboxRow | undefined {
    const row = this.claimStmt.get(this.owner, nowMs + CLAIM_MS, signal, this.owner, nowMs) as OutboxRow | undefined;
    if (!row) return undefined;
    return { ...row, id: Number(row.id), bytes: Number(row.bytes), attempts: Number(row.attempts), next_attempt_ms: Number(row.next_attempt_ms) };
  }


  /** When the head of a signal's queue may be tried again; undefined when the queue is empty. */
  headDueMs(signal: string): number | undefined {
    const row = this.headDueStmt.get(signal) as { due: number } | undefined;
    return row ? Number(row.due) : undefined;
  }

  count(signal: string): number {
    return Number((this.countStmt.get(signal) as { n: number }).n);
  }

  remove(row: Pick<OutboxRow, 'id' | 'bytes'>): void {
    // A row may already be gone (trimmed by the cap while its send was in flight): only count real deletes.
    if (Number(this.deleteStmt.run(row.id).changes) > 0) this.totalBytes -= row.bytes;
  }

  markRetry(id: number, attempts: number, nextAttemptMs: number, error: string): void {
    this.retryStmt.run(attempts, nextAttemptMs, error.slice(0, 500), id);
  }

  /** Drops the oldest rows (any signal) until the table fits in maxBytes; returns the signal of each dropped row. */
  trimTo(maxBytes: number): string[] {
    const dropped: string[] = [];
    while (this.totalBytes > maxBytes) {
      const oldest = this.oldestAnyStmt.get() as { id: number; bytes: number; signal: string } | undefined;
      if (!oldest) {
        this.totalBytes = 0;
        break;
      }
      this.remove({ id: Number(oldest.id), bytes: Number(oldest.bytes) });
      dropped.push(oldest.signal);
    }
    return dropped;
  }
}

const tables = new WeakMap<DatabaseSync, OutboxTable>();

/** The shared OutboxTable of a handle; created (with the table) on first use. Throws on a broken database. */
export function outboxTableFor(db: DatabaseSync): OutboxTable {
  let table = tables.get(db);
  if (!table) {
    table = new OutboxTable(db);
    tables.set(db, table);
  }
  return table;
}
