import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Exactly the schema.md DDL for the tables the error tracker writes. */
export const ERROR_TABLES_DDL = `
CREATE TABLE IF NOT EXISTS errors(fingerprint TEXT PRIMARY KEY, type TEXT, message TEXT, culprit TEXT, level TEXT, status TEXT NOT NULL DEFAULT 'unresolved', count INTEGER NOT NULL, users INTEGER NOT NULL DEFAULT 0, first_seen_ms INTEGER, last_seen_ms INTEGER, resolved_ms INTEGER, regressed_ms INTEGER, last_event_id TEXT);
CREATE TABLE IF NOT EXISTS error_users(fingerprint TEXT, user_hash TEXT, PRIMARY KEY(fingerprint, user_hash));
CREATE TABLE IF NOT EXISTS error_events(id TEXT PRIMARY KEY, fingerprint TEXT, time_ms INTEGER, type TEXT, message TEXT, level TEXT, trace_id TEXT, span_id TEXT, user_hash TEXT, tags TEXT, context TEXT, breadcrumbs TEXT, stack TEXT);
`;

export interface TempDb {
  db: DatabaseSync;
  dir: string;
  close(): void;
}

/** A real SQLite file in a fresh temp dir, with the error tables. */
export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-errors-'));
  const db = new DatabaseSync(join(dir, 'monitoring.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(ERROR_TABLES_DDL);
  return {
    db,
    dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GroupRow {
  fingerprint: string;
  type: string;
  message: string;
  culprit: string | null;
  status: string;
  count: number;
  users: number;
  regressed_ms: number | null;
  resolved_ms: number | null;
}

export function groups(db: DatabaseSync): GroupRow[] {
  return db.prepare('SELECT * FROM errors ORDER BY first_seen_ms, fingerprint').all() as unknown as GroupRow[];
}

export interface EventRow {
  id: string;
  fingerprint: string;
  type: string;
  message: string;
  level: string;
  trace_id: string | null;
  span_id: string | null;
  user_hash: string | null;
  tags: string;
  context: string | null;
  breadcrumbs: string;
  stack: string;
}

export function events(db: DatabaseSync): EventRow[] {
  return db.prepare('SELECT * FROM error_events ORDER BY time_ms, rowid').all() as unknown as EventRow[];
}
