import type { DatabaseSync } from 'node:sqlite';
import { SPAN_ROLLUP_PREFIX } from '../rollup.js';
import type { Percentiles } from './types.js';

/** One operation's span durations over one hour, from metrics_hourly (`span:<name>` rows). */
export interface RollupCell extends Percentiles {
  name: string;
  hourMs: number;
  count: number;
  errors: number;
  max: number | null;
}

/**
 * Up to where metrics_hourly is complete (hours before this are rolled up),
 * or undefined when nothing was rolled up yet or the file predates it.
 */
export function rollupDoneUntil(db: DatabaseSync): number | undefined {
  try {
    const r = db.prepare("SELECT value FROM vigil_meta WHERE key = 'rollup_done_until_ms'").get() as { value: number } | undefined;
    return r ? Number(r.value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where raw data takes over from rollups for a window: windows cut in hours
 * read metrics_hourly for the hours already rolled up and raw rows after.
 */
export function rawFromMs(db: DatabaseSync, w: { fromMs: number; toMs: number; bucketMs: number }): number {
  const done = w.bucketMs === 3_600_000 ? rollupDoneUntil(db) : undefined;
  return done !== undefined && done > w.fromMs ? Math.min(done, w.toMs) : w.fromMs;
}

// A range on the prefix rather than LIKE, so the indexes serve it.
const rangeEnd = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
const PREFIX_END = rangeEnd(SPAN_ROLLUP_PREFIX);

/** Span-duration rollups of every operation for the hours in [fromMs, toMs) (or of every service, with SERVICE_ROLLUP_PREFIX). */
export function spanRollups(db: DatabaseSync, fromMs: number, toMs: number, prefix = SPAN_ROLLUP_PREFIX): RollupCell[] {
  const rows = db
    .prepare(
      `SELECT hour_ms, name, count, errors, max, p50, p90, p95, p99 FROM metrics_hourly
       WHERE hour_ms >= ? AND hour_ms < ? AND name >= ? AND name < ?`,
    )
    .all(fromMs, toMs, prefix, prefix === SPAN_ROLLUP_PREFIX ? PREFIX_END : rangeEnd(prefix)) as unknown as Array<Omit<RollupCell, 'hourMs'> & { hour_ms: number; errors: number | null }>;
  return rows.map((r) => ({
    name: r.name.slice(prefix.length),
    hourMs: r.hour_ms,
    count: Number(r.count),
    errors: Number(r.errors ?? 0),
    max: r.max,
    p50: r.p50,
    p90: r.p90,
    p95: r.p95,
    p99: r.p99,
  }));
}

/**
 * What the span rollups of [fromMs, toMs) hold, as a string that changes
 * whenever a row is added, replaced (INSERT OR REPLACE takes a new rowid)
 * or deleted: a key for caches of what is read from them. Count and rowid
 * only, so the (name, hour) index answers it without reading the rows.
 */
export function spanRollupStamp(db: DatabaseSync, fromMs: number, toMs: number): string {
  const r = db
    .prepare('SELECT COUNT(*) AS n, MAX(rowid) AS hi FROM metrics_hourly WHERE name >= ? AND name < ? AND hour_ms >= ? AND hour_ms < ?')
    .get(SPAN_ROLLUP_PREFIX, PREFIX_END, fromMs, toMs) as { n: number; hi: number | null };
  return `${r.n}:${r.hi}`;
}
