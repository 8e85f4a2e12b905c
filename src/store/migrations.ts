import type { DatabaseSync } from 'node:sqlite';
import { SCHEMA_V1 } from './schema-v1.js';
import { ensureClaimColumns } from './outbox-claims.js';
import type { Migration } from './types.js';

/** Ordered; append only. A migration never edits an earlier one's tables in place except by ALTER. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'agreed schema: spans, messages, metrics, rollups, outbox, errors, alerts, crashes, health, progress',
    up: (db) => db.exec(SCHEMA_V1),
  },
  {
    version: 2,
    description: 'metrics_hourly.errors (error count of span:<name> rollups), a by-name index for trends, vigil_meta',
    up: (db) => {
      db.exec('ALTER TABLE metrics_hourly ADD COLUMN errors INTEGER');
      // Small key/value state of the store's own jobs (rollup progress).
      db.exec('CREATE TABLE IF NOT EXISTS vigil_meta (key TEXT PRIMARY KEY, value)');
      db.exec('CREATE INDEX IF NOT EXISTS metrics_hourly_name_hour ON metrics_hourly(name, hour_ms)');
    },
  },
  {
    version: 3,
    description: 'spans without the span_id primary key: its random-keyed unique index cost ~40 % of each insert',
    up: (db) => {
      const cols =
        'trace_id, span_id, parent_span_id, name, kind, start_time_ns, end_time_ns, duration_ms, status_code, status_message, service_name, scope_name, attributes, events, links, start_ms, end_ms, remote_parent';
      db.exec(`
        CREATE TABLE spans_v3 (
          trace_id TEXT, span_id TEXT, parent_span_id TEXT, name TEXT, kind INTEGER,
          start_time_ns INTEGER, end_time_ns INTEGER, duration_ms REAL, status_code INTEGER, status_message TEXT,
          service_name TEXT, scope_name TEXT, attributes TEXT, events TEXT, links TEXT,
          start_ms INTEGER, end_ms INTEGER, remote_parent INTEGER
        );
        INSERT INTO spans_v3 (${cols}) SELECT ${cols} FROM spans;
        DROP VIEW IF EXISTS transactions;
        DROP TABLE spans;
        ALTER TABLE spans_v3 RENAME TO spans;
        CREATE INDEX spans_start_ms ON spans(start_ms);
        CREATE INDEX spans_name_start ON spans(name, start_ms);
        CREATE INDEX spans_trace ON spans(trace_id);
        CREATE VIEW transactions AS SELECT * FROM spans WHERE parent_span_id IS NULL OR remote_parent = 1;
      `);
    },
  },
  {
    version: 4,
    description:
      'health_checks.critical (offline readers compute the same status as /health), alerts.expires_ms (a firing row of a dead process goes stale), nanosecond columns as text',
    up: (db) => {
      db.exec('ALTER TABLE health_checks ADD COLUMN critical INTEGER');
      db.exec('ALTER TABLE alerts ADD COLUMN expires_ms INTEGER');
      // Nanoseconds since 1970 pass 2^53, and node:sqlite refuses such an integer unless the
      // reader asks for BigInts: `SELECT * FROM transactions` failed in every default reader.
      // TEXT affinity keeps the exporters' decimal text as text: exact, and readable by anyone.
      const spanCols =
        'trace_id, span_id, parent_span_id, name, kind, start_time_ns, end_time_ns, duration_ms, status_code, status_message, service_name, scope_name, attributes, events, links, start_ms, end_ms, remote_parent';
      const messageCols = 'id, time_ns, severity_number, severity_text, body, trace_id, span_id, service_name, scope_name, attributes, time_ms';
      db.exec(`
        CREATE TABLE spans_v4 (
          trace_id TEXT, span_id TEXT, parent_span_id TEXT, name TEXT, kind INTEGER,
          start_time_ns TEXT, end_time_ns TEXT, duration_ms REAL, status_code INTEGER, status_message TEXT,
          service_name TEXT, scope_name TEXT, attributes TEXT, events TEXT, links TEXT,
          start_ms INTEGER, end_ms INTEGER, remote_parent INTEGER
        );
        INSERT INTO spans_v4 (${spanCols}) SELECT ${spanCols.replace('start_time_ns, end_time_ns', 'CAST(start_time_ns AS TEXT), CAST(end_time_ns AS TEXT)')} FROM spans;
        DROP VIEW IF EXISTS transactions;
        DROP TABLE spans;
        ALTER TABLE spans_v4 RENAME TO spans;
        CREATE INDEX spans_start_ms ON spans(start_ms);
        CREATE INDEX spans_name_start ON spans(name, start_ms);
        CREATE INDEX spans_trace ON spans(trace_id);
        CREATE VIEW transactions AS SELECT * FROM spans WHERE parent_span_id IS NULL OR remote_parent = 1;

        CREATE TABLE messages_v4 (
          id INTEGER PRIMARY KEY, time_ns TEXT, severity_number INTEGER, severity_text TEXT, body TEXT,
          trace_id TEXT, span_id TEXT, service_name TEXT, scope_name TEXT, attributes TEXT,
          time_ms INTEGER
        );
        INSERT INTO messages_v4 (${messageCols}) SELECT ${messageCols.replace('time_ns', 'CAST(time_ns AS TEXT)')} FROM messages;
        DROP TABLE messages;
        ALTER TABLE messages_v4 RENAME TO messages;
        CREATE INDEX messages_time_ms ON messages(time_ms);
        CREATE INDEX messages_trace ON messages(trace_id);
      `);
    },
  },
  {
    version: 5,
    description: 'crash_reports.alerted_ms: a crash is sent to the alert channels once, at the crash or at the next start',
    up: (db) => {
      db.exec('ALTER TABLE crash_reports ADD COLUMN alerted_ms INTEGER');
      // Crashes from before this version: nobody can tell whether they paged; do not page now.
      db.exec('UPDATE crash_reports SET alerted_ms = time_ms');
    },
  },
  {
    version: 6,
    description: 'outbox claims (processes sharing one database send each row once) and leases (one maintenance pass at a time)',
    up: (db) => {
      ensureClaimColumns(db);
      db.exec('CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL)');
    },
  },
  {
    version: 7,
    description: "error_events by trace: opening a trace in the explorer looked its error events up by a full scan",
    up: (db) => {
      // Error events are rare (one per failure), so the index costs the writer nothing it would notice.
      db.exec('CREATE INDEX IF NOT EXISTS error_events_trace ON error_events(trace_id)');
    },
  },
  {
    version: 8,
    description: 'alerts.trace_id: the trace that crossed a latency or error threshold, linked from the alert',
    up: (db) => {
      const cols = db.prepare('PRAGMA table_info(alerts)').all() as Array<{ name: string }>;
      if (!cols.some((c) => c.name === 'trace_id')) db.exec('ALTER TABLE alerts ADD COLUMN trace_id TEXT');
    },
  },
  {
    version: 9,
    description: 'health_checks.service_name and pid: offline readers tell services and processes apart, so a passing worker no longer hides a failing one',
    up: (db) => {
      const cols = db.prepare('PRAGMA table_info(health_checks)').all() as Array<{ name: string }>;
      // Older rows keep null in both and read as one process of an unnamed service.
      if (!cols.some((c) => c.name === 'service_name')) db.exec('ALTER TABLE health_checks ADD COLUMN service_name TEXT');
      if (!cols.some((c) => c.name === 'pid')) db.exec('ALTER TABLE health_checks ADD COLUMN pid INTEGER');
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return Number(row.user_version);
}

export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`schema version ${found} is newer than this Vigil knows (${known})`);
  }
}

/**
 * Brings the schema to `target` (default: latest). Each step is its own
 * transaction, so a crash mid-way leaves a consistent earlier version.
 * Refuses (throws NewerSchemaError) before touching a newer file.
 */
export function migrate(db: DatabaseSync, target: number = LATEST_VERSION): number {
  const current = userVersion(db);
  if (current > LATEST_VERSION) throw new NewerSchemaError(current, LATEST_VERSION);
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      m.up(db);
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
  return userVersion(db);
}
