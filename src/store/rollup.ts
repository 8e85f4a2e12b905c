import type { DatabaseSync } from 'node:sqlite';
import { intervalQuantile, intervalsOf, mergeIntervals, type Interval } from './histogram.js';
import { exactQuantiles, QUANTILES } from './quantile.js';
import type { MetricPointRow } from './queries/types.js';

export const HOUR_MS = 3_600_000;
/** Name prefix of span-duration rollups: `span:<span name>`, values in ms, attributes '{}'. */
export const SPAN_ROLLUP_PREFIX = 'span:';
/** Name prefix of request rollups per service: `service:<service.name>`, local root spans' durations in ms, attributes '{}'. */
export const SERVICE_ROLLUP_PREFIX = 'service:';

export interface AggregateOptions {
  now?: number;
  /** An hour is complete this long after it ends (spans are exported a few seconds after they end). Default 2 min. */
  graceMs?: number;
}

export interface AggregateResult {
  /** Hours aggregated in this run. */
  hours: number;
  /** metrics_hourly rows written. */
  rows: number;
}

const DONE_KEY = 'rollup_done_until_ms';

/**
 * The complete hours not aggregated yet: from where the last run stopped
 * (vigil_meta, else the newest rollup, else the oldest raw row) to the last
 * complete hour. Already-aggregated hours are never recomputed, so a run
 * after retention has deleted raw rows cannot overwrite a good rollup with
 * a partial one.
 */
export function pendingHours(db: DatabaseSync, options: AggregateOptions = {}): number[] {
  const now = options.now ?? Date.now();
  const end = Math.floor((now - (options.graceMs ?? 120_000)) / HOUR_MS) * HOUR_MS;
  const meta = db.prepare('SELECT value FROM vigil_meta WHERE key = ?').get(DONE_KEY) as { value: number } | undefined;
  const done = db.prepare('SELECT MAX(hour_ms) AS h FROM metrics_hourly').get() as { h: number | null };
  let start: number;
  if (meta) start = Number(meta.value);
  else if (done.h != null) start = Number(done.h) + HOUR_MS;
  else {
    const first = db
      .prepare('SELECT MIN(t) AS t FROM (SELECT MIN(time_ms) AS t FROM metrics UNION ALL SELECT MIN(end_ms) FROM spans)')
      .get() as { t: number | null };
    if (first.t == null) return [];
    start = Math.floor(Number(first.t) / HOUR_MS) * HOUR_MS;
  }
  const hours: number[] = [];
  for (let h = start; h < end; h += HOUR_MS) hours.push(h);
  return hours;
}

/** Fills metrics_hourly from raw metric points and span durations for every pending complete hour. */
export function aggregateHourly(db: DatabaseSync, options: AggregateOptions = {}): AggregateResult {
  const hours = pendingHours(db, options);
  let rows = 0;
  for (const hour of hours) rows += aggregateHour(db, hour);
  return { hours: hours.length, rows };
}

interface Group {
  name: string;
  attributes: string;
  values: number[];
  intervals: Interval[][];
  count: number;
  sum: number;
  min: number;
  max: number;
  errors: number | null;
}

type PointRow = Pick<MetricPointRow, 'name' | 'type' | 'attributes' | 'value' | 'count' | 'sum' | 'min' | 'max' | 'buckets'>;

/** Aggregates one hour in one transaction (INSERT OR REPLACE: re-running an hour is harmless). Returns rows written. */
export function aggregateHour(db: DatabaseSync, hourMs: number): number {
  const groups = new Map<string, Group>();
  const group = (name: string, attributes: string): Group => {
    const key = `${name}\u0000${attributes}`;
    let g = groups.get(key);
    if (!g) {
      g = { name, attributes, values: [], intervals: [], count: 0, sum: 0, min: Infinity, max: -Infinity, errors: null };
      groups.set(key, g);
    }
    return g;
  };
  const points = db
    .prepare('SELECT name, type, attributes, value, count, sum, min, max, buckets FROM metrics WHERE time_ms >= ? AND time_ms < ?')
    .all(hourMs, hourMs + HOUR_MS) as unknown as PointRow[];
  for (const p of points) addPoint(group(p.name, p.attributes ?? '{}'), p);
  const spans = db
    .prepare(
      `SELECT name, duration_ms AS d, status_code AS s, COALESCE(service_name, 'unknown_service') AS svc, (parent_span_id IS NULL OR remote_parent = 1) AS root
       FROM spans WHERE end_ms >= ? AND end_ms < ?`,
    )
    .all(hourMs, hourMs + HOUR_MS) as unknown as Array<{ name: string; d: number | null; s: number | null; svc: string; root: number }>;
  for (const s of spans) {
    if (s.d == null) continue;
    const g = group(SPAN_ROLLUP_PREFIX + s.name, '{}');
    g.errors = (g.errors ?? 0) + (s.s === 2 ? 1 : 0);
    addValue(g, s.d);
    // The requests of each service, for services side by side over long windows.
    if (!s.root) continue;
    const r = group(SERVICE_ROLLUP_PREFIX + s.svc, '{}');
    r.errors = (r.errors ?? 0) + (s.s === 2 ? 1 : 0);
    addValue(r, s.d);
  }
  const insert = db.prepare(
    `INSERT OR REPLACE INTO metrics_hourly (hour_ms, name, attributes, count, sum, min, max, p50, p90, p95, p99, errors)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.exec('SAVEPOINT vigil_rollup');
  try {
    for (const g of groups.values()) {
      const ps = percentiles(g);
      insert.run(hourMs, g.name, g.attributes, g.count, g.sum, fin(g.min), fin(g.max), ps[0]!, ps[1]!, ps[2]!, ps[3]!, g.errors);
    }
    db.prepare(
      `INSERT INTO vigil_meta (key, value) VALUES (?, ?)
       ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value)`,
    ).run(DONE_KEY, hourMs + HOUR_MS);
    db.exec('RELEASE vigil_rollup');
  } catch (err) {
    try {
      db.exec('ROLLBACK TO vigil_rollup');
      db.exec('RELEASE vigil_rollup');
    } catch {
      // nothing left to undo
    }
    throw err;
  }
  return groups.size;
}

function addValue(g: Group, v: number): void {
  g.values.push(v);
  g.count++;
  g.sum += v;
  if (v < g.min) g.min = v;
  if (v > g.max) g.max = v;
}

function addPoint(g: Group, p: PointRow): void {
  if (p.type === 'histogram' || p.type === 'exponential_histogram') {
    g.count += Number(p.count ?? 0);
    g.sum += p.sum ?? 0;
    if (p.min != null && p.min < g.min) g.min = p.min;
    if (p.max != null && p.max > g.max) g.max = p.max;
    g.intervals.push(intervalsOf(p.buckets));
  } else if (p.value != null) {
    // Counters are stored as deltas, so the hour's sum is its increase; gauges get min/max/percentiles of their readings.
    addValue(g, p.value);
  }
}

function percentiles(g: Group): Array<number | null> {
  if (g.intervals.length > 0) {
    const merged = mergeIntervals(g.intervals);
    return QUANTILES.map((q) => intervalQuantile(merged, q, fin(g.min), fin(g.max)));
  }
  return exactQuantiles(g.values.sort((a, b) => a - b));
}

function fin(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
