import { diag } from '@opentelemetry/api';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AlertInstance, DbGetter } from './types.js';

export type AlertEvent = 'firing' | 'resolved' | 'notified' | 'suppressed' | 'failed' | 'pending';

export type Recorder = (event: AlertEvent, alert: AlertInstance, channel: string | undefined, reason: string, now: number) => void;

/**
 * One row in `alerts` per transition and per notification outcome. Never
 * throws: a missing or broken database costs the row and one diag line.
 */
export function createRecorder(db: DbGetter | undefined): Recorder {
  let cached: { db: DatabaseSync; stmt: StatementSync } | undefined;
  let warned = false;
  return (event, alert, channel, reason, now) => {
    try {
      const handle = db?.();
      if (!handle) return;
      if (cached?.db !== handle) {
        cached = {
          db: handle,
          stmt: handle.prepare(
            'INSERT INTO alerts (time_ms, event, rule, fingerprint, severity, title, message, labels, channel, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ),
        };
      }
      cached.stmt.run(
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
      );
    } catch (err) {
      if (!warned) diag.warn(`vigil alerting: cannot record alert rows: ${(err as Error).message}`);
      warned = true;
    }
  };
}
