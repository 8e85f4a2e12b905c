import type { DatabaseSync } from 'node:sqlite';
import { exactQuantile } from '../quantile.js';
import { spanWhere } from './span-filter.js';
import type { OperationStats, SpanFilter } from './types.js';

const ERROR = 2; // SpanStatusCode.ERROR

/**
 * Count, errors and exact p50/p90/p95/p99 of span durations per span name
 * in the window, busiest first. Percentiles are computed from the raw
 * durations (SQLite has no percentile function); for windows older than
 * raw retention use hourlyRollups('span:<name>').
 */
export function operationStats(db: DatabaseSync, filter: Omit<SpanFilter, 'name'>): OperationStats[] {
  const { sql, params } = spanWhere(filter);
  const rows = db
    .prepare(`SELECT name, duration_ms AS d, status_code AS s FROM spans WHERE ${sql} ORDER BY name, duration_ms`)
    .all(...params) as unknown as Array<{ name: string; d: number | null; s: number | null }>;
  const out: OperationStats[] = [];
  let i = 0;
  while (i < rows.length) {
    const name = rows[i]!.name;
    const durations: number[] = [];
    let errors = 0;
    let sum = 0;
    for (; i < rows.length && rows[i]!.name === name; i++) {
      const r = rows[i]!;
      if (r.s === ERROR) errors++;
      if (r.d != null) {
        durations.push(r.d);
        sum += r.d;
      }
    }
    out.push({
      name,
      count: durations.length,
      errors,
      p50: exactQuantile(durations, 0.5),
      p90: exactQuantile(durations, 0.9),
      p95: exactQuantile(durations, 0.95),
      p99: exactQuantile(durations, 0.99),
      avgMs: durations.length ? sum / durations.length : null,
      maxMs: durations.length ? durations[durations.length - 1]! : null,
    });
  }
  return out.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
