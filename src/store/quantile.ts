/** The percentiles every rollup and stats query reports. */
export const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

/**
 * Exact quantile of ascending values, linear interpolation between closest
 * ranks (Hyndman-Fan type 7, what numpy and most dashboards use).
 */
export function exactQuantile(sorted: readonly number[], q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function exactQuantiles(sorted: readonly number[]): Array<number | null> {
  return QUANTILES.map((q) => exactQuantile(sorted, q));
}
