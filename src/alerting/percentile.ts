import type { Bucket } from './histogram.js';

/**
 * Merge buckets of several series (same bounds add up) into one sorted list.
 * Series with different bounds overlap; the estimate is then approximate.
 */
export function mergeBuckets(lists: Bucket[][]): Bucket[] {
  if (lists.length === 1) return lists[0]!;
  const byKey = new Map<string, Bucket>();
  for (const list of lists) {
    for (const b of list) {
      const key = `${b.lo}|${b.hi}`;
      const had = byKey.get(key);
      if (had) had.count += b.count;
      else byKey.set(key, { ...b });
    }
  }
  return [...byKey.values()].sort((a, b) => a.hi - b.hi || a.lo - b.lo);
}

/**
 * The q-quantile (0..1) by linear interpolation inside the bucket that holds
 * the rank, like Prometheus's histogram_quantile. Open bucket ends are
 * clamped to the recorded min/max when known (they bound every window).
 */
export function quantile(q: number, buckets: readonly Bucket[], min?: number, max?: number): number | undefined {
  let total = 0;
  for (const b of buckets) total += b.count;
  if (total === 0) return undefined;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let cum = 0;
  for (const b of buckets) {
    if (b.count === 0) continue;
    const before = cum;
    cum += b.count;
    if (cum < rank) continue;
    let lo = b.lo;
    let hi = b.hi;
    if (min !== undefined && lo < min) lo = min;
    if (max !== undefined && hi > max) hi = max;
    // First bucket of an explicit histogram without a known min: Prometheus assumes 0.
    if (!Number.isFinite(lo)) lo = hi > 0 && Number.isFinite(hi) ? 0 : hi;
    if (!Number.isFinite(hi)) return lo;
    if (hi <= lo) return hi;
    return lo + ((hi - lo) * (rank - before)) / b.count;
  }
  return max;
}
