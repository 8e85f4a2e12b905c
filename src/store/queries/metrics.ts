import type { DatabaseSync } from 'node:sqlite';
import { parseJson } from './json.js';
import type { MetricPoint, MetricPointRow, Window } from './types.js';

/** Raw metric points in the window, oldest first; `name` filters to one metric. */
export function metricPointsInWindow(db: DatabaseSync, w: Window & { name?: string; limit?: number }): MetricPoint[] {
  const byName = w.name !== undefined;
  const sql = `SELECT time_ms, name, type, unit, attributes, value, count, sum, min, max, buckets, service_name, temporality
    FROM metrics WHERE ${byName ? 'name = ? AND ' : ''}time_ms >= ? AND time_ms < ? ORDER BY time_ms LIMIT ?`;
  const params = byName ? [w.name!, w.fromMs, w.toMs] : [w.fromMs, w.toMs];
  const rows = db.prepare(sql).all(...params, w.limit ?? 100_000) as unknown as MetricPointRow[];
  return rows.map((r) => ({
    timeMs: r.time_ms,
    name: r.name,
    type: r.type,
    unit: r.unit,
    attributes: parseJson(r.attributes, {}),
    value: r.value,
    count: r.count,
    sum: r.sum,
    min: r.min,
    max: r.max,
    buckets: parseJson(r.buckets, null),
    serviceName: r.service_name,
    temporality: r.temporality,
  }));
}

export interface HourlyRow {
  hourMs: number;
  name: string;
  attributes: Record<string, unknown>;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  errors: number | null;
}

/** Hourly rollups of one metric (or `span:<name>`) in the window, oldest first: trends beyond raw retention. */
export function hourlyRollups(db: DatabaseSync, w: Window & { name: string }): HourlyRow[] {
  const rows = db
    .prepare(
      `SELECT hour_ms, name, attributes, count, sum, min, max, p50, p90, p95, p99, errors FROM metrics_hourly
       WHERE name = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms`,
    )
    .all(w.name, w.fromMs, w.toMs) as unknown as Array<Omit<HourlyRow, 'hourMs' | 'attributes'> & { hour_ms: number; attributes: string }>;
  return rows.map(({ hour_ms, attributes, ...rest }) => ({ hourMs: hour_ms, attributes: parseJson(attributes, {}), ...rest }));
}
