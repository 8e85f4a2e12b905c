import type { DatabaseSync } from 'node:sqlite';
import { DELETE_CHUNK, reclaim } from './raw-tables.js';

const DAY_MS = 86_400_000;

/** Hourly rollups outlive the raw data: a year and a month, for year-over-year trends. */
export const ROLLUP_RETENTION_DAYS = 400;
/** An error group is kept a year after its last event, so an old bug coming back is a regression, not "new". */
export const ERROR_GROUP_RETENTION_DAYS = 365;

/** One table's retention: rows matching `where` (its `?` is the cutoff, in ms) are deleted. */
export interface RetentionRule {
  table: string;
  /** Days kept; the cutoff is now − days. */
  days: number;
  where: string;
}

export type RetentionCounts = Record<string, number>;

export interface CleanupOptions {
  /** VIGIL_RETENTION_DAYS: raw rows (spans, logs, metric points, error events, alerts, health results, ...) older than this go. */
  days: number;
  now?: number;
}

const olderThan = (column: string): string => `${column} <= ? OR ${column} IS NULL`;

/**
 * Every table's retention, from VIGIL_RETENTION_DAYS (`days`). The defaults
 * are documented in the README ("Retention"); the order matters where a
 * table follows another (error_users after errors).
 */
export function retentionPlan(days: number): RetentionRule[] {
  const raw = (table: string, column: string): RetentionRule => ({ table, days, where: olderThan(column) });
  return [
    raw('spans', 'start_ms'),
    raw('messages', 'time_ms'),
    raw('metrics', 'time_ms'),
    raw('error_events', 'time_ms'),
    raw('alerts', 'time_ms'),
    raw('health_checks', 'time_ms'),
    raw('crash_reports', 'time_ms'),
    raw('progress', 'updated_ms'),
    // Silences by their end: an expired silence is history after `days`.
    raw('silences', 'ends_ms'),
    raw('outbox', 'created_ms'),
    { table: 'errors', days: Math.max(days, ERROR_GROUP_RETENTION_DAYS), where: olderThan('last_seen_ms') },
    // The users of a group that is gone (no cutoff: the group decides).
    { table: 'error_users', days: 0, where: 'fingerprint NOT IN (SELECT fingerprint FROM errors) AND ? IS NOT NULL' },
    { table: 'metrics_hourly', days: Math.max(days, ROLLUP_RETENTION_DAYS), where: olderThan('hour_ms') },
  ];
}

/** The time (ms) at or before which rows of a rule are deleted. */
export function retentionCutoff(options: CleanupOptions): number {
  return (options.now ?? Date.now()) - options.days * DAY_MS - 1;
}

function checked(options: CleanupOptions): void {
  if (!(options.days >= 0)) throw new RangeError(`days must be a number >= 0, got ${options.days}`);
}

/**
 * The one retention code path: deletes in 5,000-row chunks, yielding after
 * each (the maintenance pass yields the event loop there, `vigil cleanup`
 * draws its progress), then returns the pages to the file system. Returns
 * the counts deleted per table. The app's maintenance, `vigil cleanup` and
 * the tests all drive this generator.
 */
export function* retentionSteps(db: DatabaseSync, options: CleanupOptions): Generator<{ table: string; deleted: number }, RetentionCounts> {
  checked(options);
  const counts: RetentionCounts = {};
  for (const rule of retentionPlan(options.days)) {
    const cutoff = retentionCutoff({ days: rule.days, now: options.now });
    counts[rule.table] = 0;
    const del = db.prepare(`DELETE FROM ${rule.table} WHERE rowid IN (SELECT rowid FROM ${rule.table} WHERE ${rule.where} LIMIT ?)`);
    for (;;) {
      const n = Number(del.run(cutoff, DELETE_CHUNK).changes);
      counts[rule.table] += n;
      if (n === 0) break;
      yield { table: rule.table, deleted: n };
    }
  }
  reclaim(db);
  return counts;
}

/** Rows each table holds past its retention (what a cleanup would delete). */
export function expiredCounts(db: DatabaseSync, options: CleanupOptions): RetentionCounts {
  checked(options);
  const counts: RetentionCounts = {};
  for (const rule of retentionPlan(options.days)) {
    const r = db.prepare(`SELECT COUNT(*) AS n FROM ${rule.table} WHERE ${rule.where}`).get(retentionCutoff({ days: rule.days, now: options.now })) as { n: number };
    counts[rule.table] = Number(r.n);
  }
  return counts;
}

/** Retention in one synchronous call (tests, scripts); the counts deleted per table. */
export function cleanup(db: DatabaseSync, options: CleanupOptions, onChunk?: (table: string, deleted: number) => void): RetentionCounts {
  const steps = retentionSteps(db, options);
  for (let s = steps.next(); ; s = steps.next()) {
    if (s.done) return s.value;
    onChunk?.(s.value.table, s.value.deleted);
  }
}
