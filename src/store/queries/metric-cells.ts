import type { DatabaseSync } from 'node:sqlite';
import { intervalQuantile, intervalsOf, mergeIntervals } from '../histogram.js';
import type { Interval } from '../histogram.js';
import { QUANTILES } from '../quantile.js';
import { parseJson } from './json.js';
import { rawFromMs } from './rollups.js';
import type { BucketedWindow, MetricPointRow, Percentiles } from './types.js';

/** One metric series (attribute set) over a stretch of time: count/sum and percentiles (histograms) or the sum of values. */
export interface MetricCell extends Percentiles {
  attributes: Record<string, unknown>;
  count: number;
  sum: number;
}

/**
 * A metric over the window, one cell per attribute set and source: hourly
 * rollups for the hours already rolled up (windows cut in hours), raw points
 * for the rest, with histogram buckets merged per attribute set and read
 * with the one quantile estimate (intervalQuantile). Percentiles are in the
 * metric's own unit.
 */
export function metricCells(db: DatabaseSync, name: string, w: BucketedWindow): MetricCell[] {
  const rawFrom = rawFromMs(db, w);
  const out: MetricCell[] = [];
  if (rawFrom > w.fromMs) {
    const rows = db
      .prepare('SELECT attributes, count, sum, p50, p90, p95, p99 FROM metrics_hourly WHERE name = ? AND hour_ms >= ? AND hour_ms < ?')
      .all(name, w.fromMs, rawFrom) as unknown as Array<{ attributes: string; count: number; sum: number | null } & Percentiles>;
    for (const r of rows) out.push({ attributes: parseJson(r.attributes, {}), count: Number(r.count), sum: r.sum ?? 0, p50: r.p50, p90: r.p90, p95: r.p95, p99: r.p99 });
  }
  const points = db
    .prepare('SELECT type, attributes, value, count, sum, min, max, buckets FROM metrics WHERE name = ? AND time_ms >= ? AND time_ms < ?')
    .all(name, rawFrom, w.toMs) as unknown as Array<Pick<MetricPointRow, 'type' | 'attributes' | 'value' | 'count' | 'sum' | 'min' | 'max' | 'buckets'>>;
  const groups = new Map<string, { cell: MetricCell; intervals: Interval[][]; min: number; max: number }>();
  for (const p of points) {
    const key = p.attributes ?? '{}';
    let g = groups.get(key);
    if (!g) {
      g = { cell: { attributes: parseJson(p.attributes, {}), count: 0, sum: 0, p50: null, p90: null, p95: null, p99: null }, intervals: [], min: Infinity, max: -Infinity };
      groups.set(key, g);
    }
    if (p.type === 'histogram' || p.type === 'exponential_histogram') {
      g.cell.count += Number(p.count ?? 0);
      g.cell.sum += p.sum ?? 0;
      if (p.min != null) g.min = Math.min(g.min, p.min);
      if (p.max != null) g.max = Math.max(g.max, p.max);
      g.intervals.push(intervalsOf(p.buckets));
    } else if (p.value != null) {
      g.cell.count += 1;
      g.cell.sum += p.value;
    }
  }
  for (const g of groups.values()) {
    if (g.intervals.length > 0) {
      const merged = mergeIntervals(g.intervals);
      const [p50, p90, p95, p99] = QUANTILES.map((q) => intervalQuantile(merged, q, fin(g.min), fin(g.max)));
      Object.assign(g.cell, { p50, p90, p95, p99 });
    }
    out.push(g.cell);
  }
  return out;
}

function fin(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * The latest reading of a gauge-like metric before `toMs`: values at that
 * instant summed over attribute sets (e.g. heap spaces), optionally only the
 * attribute sets `where` accepts.
 */
export function latestValue(
  db: DatabaseSync,
  name: string,
  toMs: number,
  where?: (a: Record<string, unknown>) => boolean,
): { value: number; timeMs: number; unit: string | null } | undefined {
  const last = db.prepare('SELECT time_ms FROM metrics WHERE name = ? AND time_ms < ? AND value IS NOT NULL ORDER BY time_ms DESC LIMIT 1').get(name, toMs) as
    | { time_ms: number }
    | undefined;
  if (!last) return undefined;
  const rows = db.prepare('SELECT value, attributes, unit FROM metrics WHERE name = ? AND time_ms = ?').all(name, last.time_ms) as unknown as Array<{
    value: number | null;
    attributes: string | null;
    unit: string | null;
  }>;
  let value = 0;
  let seen = false;
  for (const r of rows) {
    if (r.value == null || (where && !where(parseJson(r.attributes, {})))) continue;
    value += r.value;
    seen = true;
  }
  return seen ? { value, timeMs: Number(last.time_ms), unit: rows[0]?.unit ?? null } : undefined;
}
