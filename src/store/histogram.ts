/**
 * Histogram buckets as stored in `metrics.buckets` (see exporters/sqlite
 * metric-rows) turned into value intervals, merged, and read back as
 * interpolated quantiles. The estimate always lies in the bucket that holds
 * the requested rank, so its error is at most that bucket's width (tighter
 * when min/max clamp the outer buckets).
 */
export interface Interval {
  lower: number;
  upper: number;
  count: number;
}

interface ExplicitBuckets {
  boundaries: number[];
  counts: number[];
}

interface ExponentialBuckets {
  scale: number;
  zeroCount: number;
  positive: { offset: number; counts: number[] };
  negative: { offset: number; counts: number[] };
}

/** Intervals of one stored buckets JSON; [] when it cannot be read. Outer explicit buckets are open (±Infinity). */
export function intervalsOf(bucketsJson: string | null): Interval[] {
  if (!bucketsJson) return [];
  let b: unknown;
  try {
    b = JSON.parse(bucketsJson);
  } catch {
    return [];
  }
  if (isExplicit(b)) return explicitIntervals(b);
  if (isExponential(b)) return exponentialIntervals(b);
  return [];
}

function isExplicit(b: unknown): b is ExplicitBuckets {
  return Array.isArray((b as ExplicitBuckets)?.boundaries) && Array.isArray((b as ExplicitBuckets).counts);
}

function isExponential(b: unknown): b is ExponentialBuckets {
  return typeof (b as ExponentialBuckets)?.scale === 'number' && typeof (b as ExponentialBuckets).positive === 'object';
}

function explicitIntervals(b: ExplicitBuckets): Interval[] {
  const out: Interval[] = [];
  for (let i = 0; i < b.counts.length; i++) {
    const count = b.counts[i]!;
    if (count <= 0) continue;
    out.push({ lower: i === 0 ? -Infinity : b.boundaries[i - 1]!, upper: i < b.boundaries.length ? b.boundaries[i]! : Infinity, count });
  }
  return out;
}

function exponentialIntervals(b: ExponentialBuckets): Interval[] {
  const base = Math.pow(2, Math.pow(2, -b.scale));
  const out: Interval[] = [];
  b.positive.counts.forEach((count, k) => {
    const i = b.positive.offset + k;
    if (count > 0) out.push({ lower: Math.pow(base, i), upper: Math.pow(base, i + 1), count });
  });
  if (b.zeroCount > 0) out.push({ lower: 0, upper: 0, count: b.zeroCount });
  b.negative.counts.forEach((count, k) => {
    const i = b.negative.offset + k;
    if (count > 0) out.push({ lower: -Math.pow(base, i + 1), upper: -Math.pow(base, i), count });
  });
  return out;
}

/** Sums counts of identical intervals (same boundaries across the points of one series). */
export function mergeIntervals(lists: Iterable<Interval[]>): Interval[] {
  const byKey = new Map<string, Interval>();
  for (const list of lists) {
    for (const iv of list) {
      const key = `${iv.lower}|${iv.upper}`;
      const seen = byKey.get(key);
      if (seen) seen.count += iv.count;
      else byKey.set(key, { ...iv });
    }
  }
  return [...byKey.values()].sort((a, b) => a.upper - b.upper || a.lower - b.lower);
}

/**
 * Quantile q (0..1) of sorted intervals: the one percentile estimate of
 * bucketed data in Vigil (rollups, the dashboard, alert rules, the truth
 * suite's reading of /metrics). Semantics of Prometheus' `histogram_quantile`
 * (promql/quantile.go, classic buckets): the rank is q × total, the bucket is
 * the first whose cumulative count reaches the rank (empty buckets skipped),
 * and the value is interpolated linearly inside it; the lowest bucket starts
 * at 0 when its upper bound is positive (else its upper bound is the answer),
 * and a rank in the +Inf bucket returns the highest finite bound. One
 * addition: when the series' observed min/max are known (OTel records them),
 * they close the open outer buckets and clamp the others, so the estimate
 * stays inside the bucket Prometheus would pick and is never below min or
 * above max. The error is therefore at most the width of that bucket.
 */
export function intervalQuantile(intervals: readonly Interval[], q: number, min?: number | null, max?: number | null): number | null {
  let total = 0;
  for (const iv of intervals) total += iv.count;
  if (total === 0) return null;
  const hasMin = min != null && Number.isFinite(min);
  const hasMax = max != null && Number.isFinite(max);
  const rank = Math.min(1, Math.max(0, q)) * total;
  let before = 0;
  for (const iv of intervals) {
    if (iv.count <= 0) continue;
    if (before + iv.count < rank) {
      before += iv.count;
      continue;
    }
    let lower = iv.lower;
    let upper = iv.upper;
    if (hasMin && min > lower) lower = min;
    if (hasMax && max < upper) upper = max;
    if (!Number.isFinite(lower)) {
      if (!Number.isFinite(upper) || upper <= 0) return Number.isFinite(upper) ? upper : null;
      lower = 0;
    }
    if (!Number.isFinite(upper)) return lower;
    if (upper <= lower) return upper;
    return lower + (upper - lower) * ((rank - before) / iv.count);
  }
  const last = intervals[intervals.length - 1]!;
  return hasMax ? max : Number.isFinite(last.upper) ? last.upper : last.lower;
}
