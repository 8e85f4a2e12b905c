/**
 * Migration 1: every table of the agreed schema (briefs/schema.md), its
 * indexes and the `transactions` view. `IF NOT EXISTS` everywhere because
 * the outbox creates its own table defensively with the same DDL.
 *
 * Additions to the agreed columns (all nullable, written by exporters/sqlite):
 * - spans.start_ms / end_ms: integer ms, indexed for time windows. The `_ns`
 *   columns exceed 2^53, which node:sqlite refuses to read as a number
 *   unless the handle uses readBigInts: readers select the `_ms` columns.
 * - spans.remote_parent: 1 when the parent came from another process
 *   (traceparent header), so `transactions` holds local roots.
 * - messages.time_ms: same reason as spans.start_ms.
 * - metrics.temporality: 'delta' | 'cumulative'; metrics.scope_name.
 */
/** The outbox table alone: the outbox also creates it defensively, before or beside migration 1. */
export const OUTBOX_TABLE = `CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  signal TEXT NOT NULL,
  url TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body BLOB NOT NULL,
  bytes INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  last_error TEXT
)`;

export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT, span_id TEXT PRIMARY KEY, parent_span_id TEXT, name TEXT, kind INTEGER,
  start_time_ns INTEGER, end_time_ns INTEGER, duration_ms REAL, status_code INTEGER, status_message TEXT,
  service_name TEXT, scope_name TEXT, attributes TEXT, events TEXT, links TEXT,
  start_ms INTEGER, end_ms INTEGER, remote_parent INTEGER
);
CREATE INDEX IF NOT EXISTS spans_start_ms ON spans(start_ms);
CREATE INDEX IF NOT EXISTS spans_name_start ON spans(name, start_ms);
CREATE INDEX IF NOT EXISTS spans_trace ON spans(trace_id);

CREATE VIEW IF NOT EXISTS transactions AS
  SELECT * FROM spans WHERE parent_span_id IS NULL OR remote_parent = 1;

CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY, time_ns INTEGER, severity_number INTEGER, severity_text TEXT, body TEXT,
  trace_id TEXT, span_id TEXT, service_name TEXT, scope_name TEXT, attributes TEXT,
  time_ms INTEGER
);
CREATE INDEX IF NOT EXISTS messages_time_ms ON messages(time_ms);
CREATE INDEX IF NOT EXISTS messages_trace ON messages(trace_id);

CREATE TABLE IF NOT EXISTS metrics (
  id INTEGER PRIMARY KEY, time_ms INTEGER, name TEXT, type TEXT, unit TEXT, attributes TEXT,
  value REAL, count INTEGER, sum REAL, min REAL, max REAL, buckets TEXT, service_name TEXT,
  temporality TEXT, scope_name TEXT
);
CREATE INDEX IF NOT EXISTS metrics_time_ms ON metrics(time_ms);
CREATE INDEX IF NOT EXISTS metrics_name_time ON metrics(name, time_ms);

CREATE TABLE IF NOT EXISTS metrics_hourly (
  hour_ms INTEGER, name TEXT, attributes TEXT, count INTEGER, sum REAL, min REAL, max REAL,
  p50 REAL, p90 REAL, p95 REAL, p99 REAL,
  PRIMARY KEY (hour_ms, name, attributes)
);

${OUTBOX_TABLE};
CREATE INDEX IF NOT EXISTS outbox_signal_id ON outbox(signal, id);

CREATE TABLE IF NOT EXISTS errors (
  fingerprint TEXT PRIMARY KEY, type TEXT, message TEXT, culprit TEXT, level TEXT,
  status TEXT NOT NULL DEFAULT 'unresolved', count INTEGER NOT NULL, users INTEGER NOT NULL DEFAULT 0,
  first_seen_ms INTEGER, last_seen_ms INTEGER, resolved_ms INTEGER, regressed_ms INTEGER, last_event_id TEXT
);
CREATE INDEX IF NOT EXISTS errors_last_seen ON errors(last_seen_ms);

CREATE TABLE IF NOT EXISTS error_users (
  fingerprint TEXT, user_hash TEXT, PRIMARY KEY (fingerprint, user_hash)
);

CREATE TABLE IF NOT EXISTS error_events (
  id TEXT PRIMARY KEY, fingerprint TEXT, time_ms INTEGER, type TEXT, message TEXT, level TEXT,
  trace_id TEXT, span_id TEXT, user_hash TEXT, tags TEXT, context TEXT, breadcrumbs TEXT, stack TEXT
);
CREATE INDEX IF NOT EXISTS error_events_fp_time ON error_events(fingerprint, time_ms);
CREATE INDEX IF NOT EXISTS error_events_time ON error_events(time_ms);

CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY, time_ms INTEGER, event TEXT, rule TEXT, fingerprint TEXT, severity TEXT,
  title TEXT, message TEXT, labels TEXT, channel TEXT, reason TEXT
);
CREATE INDEX IF NOT EXISTS alerts_time ON alerts(time_ms);
CREATE INDEX IF NOT EXISTS alerts_fp_time ON alerts(fingerprint, time_ms);

CREATE TABLE IF NOT EXISTS silences (
  id TEXT PRIMARY KEY, matchers TEXT, starts_ms INTEGER, ends_ms INTEGER, created_by TEXT,
  comment TEXT, created_ms INTEGER
);

CREATE TABLE IF NOT EXISTS crash_reports (
  id TEXT PRIMARY KEY, time_ms INTEGER, type TEXT, message TEXT, stack TEXT, report TEXT, file TEXT, sent_ms INTEGER
);
CREATE INDEX IF NOT EXISTS crash_reports_time ON crash_reports(time_ms);

CREATE TABLE IF NOT EXISTS health_checks (
  id INTEGER PRIMARY KEY, time_ms INTEGER, check_name TEXT, status TEXT, observed_value REAL,
  observed_unit TEXT, output TEXT, duration_ms REAL
);
CREATE INDEX IF NOT EXISTS health_checks_time ON health_checks(time_ms);
CREATE INDEX IF NOT EXISTS health_checks_name_time ON health_checks(check_name, time_ms);

CREATE TABLE IF NOT EXISTS progress (
  job_id TEXT PRIMARY KEY, name TEXT, state TEXT, total INTEGER, processed INTEGER, successful INTEGER,
  failed INTEGER, rate REAL, eta_s REAL, started_ms INTEGER, updated_ms INTEGER
);
CREATE INDEX IF NOT EXISTS progress_updated ON progress(updated_ms);
`;
