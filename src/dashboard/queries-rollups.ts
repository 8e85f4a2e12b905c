import type { DatabaseSync } from 'node:sqlite';
import { SPAN_ROLLUP_PREFIX } from '../store/index.js';
import type { Percentiles } from './types.js';

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

/** Span-duration rollups (`span:<name>`) of every operation for the hours in [fromMs, toMs). */
export function spanRollups(db: DatabaseSync, fromMs: number, toMs: number): RollupCell[] {
  const rows = db
    .prepare(
      `SELECT hour_ms, name, count, errors, max, p50, p90, p95, p99 FROM metrics_hourly
       WHERE hour_ms >= ? AND hour_ms < ? AND name >= ? AND name < ?`,
    )
    .all(fromMs, toMs, SPAN_ROLLUP_PREFIX, SPAN_ROLLUP_PREFIX.slice(0, -1) + String.fromCharCode(SPAN_ROLLUP_PREFIX.charCodeAt(SPAN_ROLLUP_PREFIX.length - 1) + 1)) as unknown as Array<{
    hour_ms: number;
    name: string;
    count: number;
    errors: number | null;
    max: number | null;
    p50: number | null;
    p90: number | null;
    p95: number | null;
    p99: number | null;
  }>;
  return rows.map((r) => ({
    name: r.name.slice(SPAN_ROLLUP_PREFIX.length),
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
