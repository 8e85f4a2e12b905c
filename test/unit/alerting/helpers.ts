import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Notification } from '../../../src/alerting/index.js';

/** A real SQLite file with the two tables alerting writes (as in the shared schema). */
export function tempDb(): { db: DatabaseSync; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-alerting-'));
  const db = new DatabaseSync(join(dir, 'monitoring.db'));
  db.exec(`CREATE TABLE alerts(id INTEGER PRIMARY KEY, time_ms INTEGER, event TEXT, rule TEXT, fingerprint TEXT, severity TEXT, title TEXT, message TEXT, labels TEXT, channel TEXT, reason TEXT, expires_ms INTEGER);
    CREATE TABLE silences(id TEXT PRIMARY KEY, matchers TEXT, starts_ms INTEGER, ends_ms INTEGER, created_by TEXT, comment TEXT, created_ms INTEGER);`);
  return {
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Row {
  event: string;
  rule: string;
  severity: string;
  channel: string | null;
  reason: string;
  labels: string;
  title: string;
}

export function rows(db: DatabaseSync, event?: string): Row[] {
  const sql = 'SELECT event, rule, severity, channel, reason, labels, title FROM alerts' + (event ? ' WHERE event = ?' : '') + ' ORDER BY id';
  return (event ? db.prepare(sql).all(event) : db.prepare(sql).all()) as unknown as Row[];
}

/** A controllable clock. */
export function clock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(ms) {
      t = ms;
    },
  };
}

/** A custom channel that keeps what it was sent. */
export function capture(name = 'capture', extra: Record<string, unknown> = {}): { sent: Notification[]; channel: Record<string, unknown> } {
  const sent: Notification[] = [];
  return { sent, channel: { type: 'custom', name, handler: (n: Notification) => void sent.push(n), ...extra } };
}
