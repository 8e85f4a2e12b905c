import { diag } from '@opentelemetry/api';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { AlertInstance, DbGetter } from './types.js';

export type AlertEvent = 'firing' | 'resolved' | 'notified' | 'suppressed' | 'failed' | 'pending';

export interface Recorder {
  /** One row; returns its id (undefined without a store). `expiresMs` goes on firing rows. */
  (event: AlertEvent, alert: AlertInstance, channel: string | undefined, reason: string, now: number, expiresMs?: number): number | undefined;
  /** Push the expiry of these firing rows forward (the process is alive and still sees them firing). */
  refresh(ids: readonly number[], expiresMs: number): void;
}

/**
 * One row in `alerts` per transition and per notification outcome. Never
 * throws: a missing or broken database costs the row and one diag line.
 */
export function createRecorder(db: DbGetter | undefined): Recorder {
  let cached: { db: DatabaseSync; insert: StatementSync; refresh: StatementSync; traceColumn: boolean } | undefined;
  let warned = false;
  const statements = (): typeof cached => {
    const handle = db?.();
    if (!handle) return undefined;
    if (cached?.db !== handle) {
      // trace_id came with migration 8: a table without it (written by hand, or by an older schema) still records the rest.
      const traceColumn = (handle.prepare('PRAGMA table_info(alerts)').all() as Array<{ name: string }>).some((c) => c.name === 'trace_id');
      cached = {
        db: handle,
        traceColumn,
        insert: handle.prepare(
          traceColumn
            ? 'INSERT INTO alerts (time_ms, event, rule, fingerprint, severity, title, message, labels, channel, reason, expires_ms, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
            : 'INSERT INTO alerts (time_ms, event, rule, fingerprint, severity, title, message, labels, channel, reason, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ),
        refresh: handle.prepare('UPDATE alerts SET expires_ms = ? WHERE id = ?'),
      };
    }
    return cached;
  };
  const fault = (err: unknown): undefined => {
    if (!warned) diag.warn(`vigil alerting: cannot record alert rows: ${(err as Error).message}`);
    warned = true;
    return undefined;
  };
  const record = (event: AlertEvent, alert: AlertInstance, channel: string | undefined, reason: string, now: number, expiresMs?: number): number | undefined => {
    try {
      const s = statements();
      if (!s) return undefined;
      const args: SQLInputValue[] = [
        now,
        event,
        alert.rule,
        alert.fingerprint,
        alert.severity,
        alert.annotations['title'] ?? alert.rule,
        alert.annotations['message'] ?? '',
        JSON.stringify(alert.labels),
        channel ?? null,
        reason,
        expiresMs ?? null,
      ];
      if (s.traceColumn) args.push(alert.traceId ?? null);
      const r = s.insert.run(...args);
      return Number(r.lastInsertRowid);
    } catch (err) {
      return fault(err);
    }
  };
  return Object.assign(record, {
    refresh(ids: readonly number[], expiresMs: number): void {
      if (ids.length === 0) return;
      try {
        const s = statements();
        if (!s) return;
        const own = !s.db.isTransaction;
        if (own) s.db.exec('BEGIN');
        try {
          for (const id of ids) s.refresh.run(expiresMs, id);
          if (own) s.db.exec('COMMIT');
        } catch (err) {
          if (own && s.db.isTransaction) s.db.exec('ROLLBACK');
          throw err;
        }
      } catch (err) {
        fault(err);
      }
    },
  });
}
