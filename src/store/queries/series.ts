import type { DatabaseSync } from 'node:sqlite';
import { exactQuantile } from '../quantile.js';
import { spanWhere } from './span-filter.js';
import type { SeriesBucket, SpanFilter } from './types.js';

/**
 * Span count, error count and p95 duration per time bucket across the
 * window, for trend charts. Every bucket of the window is present (empty
 * ones with count 0), so charts need no gap filling.
 */
export function spanSeries(db: DatabaseSync, filter: SpanFilter & { bucketMs: number }): SeriesBucket[] {
  const size = Math.max(1, Math.floor(filter.bucketMs));
  const { sql, params } = spanWhere(filter);
  const rows = db
    .prepare(`SELECT CAST((start_ms - ?) / ? AS INTEGER) AS b, duration_ms AS d, status_code AS s FROM spans WHERE ${sql}`)
    .all(filter.fromMs, size, ...params) as unknown as Array<{ b: number; d: number | null; s: number | null }>;
  const n = Math.max(0, Math.ceil((filter.toMs - filter.fromMs) / size));
  const durations: number[][] = Array.from({ length: n }, () => []);
  const buckets: SeriesBucket[] = Array.from({ length: n }, (_, k) => ({ bucketMs: filter.fromMs + k * size, count: 0, errors: 0, p95: null }));
  for (const r of rows) {
    const b = buckets[r.b];
    if (!b) continue;
    b.count++;
    if (r.s === 2) b.errors++;
    if (r.d != null) durations[r.b]!.push(r.d);
  }
  buckets.forEach((b, k) => {
    b.p95 = exactQuantile(durations[k]!.sort((x, y) => x - y), 0.95);
  });
  return buckets;
}
