import type { ExponentialHistogram, Histogram } from '@opentelemetry/sdk-metrics';
import type { Interval } from '../store/histogram.js';

/** A cumulative histogram snapshot, copied out of the SDK's data point. */
export type HistSnapshot =
  | { type: 'explicit'; count: number; sum: number; min?: number; max?: number; boundaries: number[]; counts: number[] }
  | {
      type: 'exponential';
      count: number;
      sum: number;
      min?: number;
      max?: number;
      scale: number;
      zeroCount: number;
      pos: { offset: number; counts: number[] };
      neg: { offset: number; counts: number[] };
    };

/** One bucket of observations in (lower, upper]: the store's interval, so one quantile function reads both. */
export type Bucket = Interval;

/** The observations between two snapshots of one series. */
export interface HistDelta {
  count: number;
  sum: number;
  buckets: Bucket[];
  /** Cumulative bounds: outer limits for any window, used to clamp estimates. */
  min?: number;
  max?: number;
}

export function explicitSnapshot(h: Histogram): HistSnapshot {
  return {
    type: 'explicit',
    count: h.count,
    sum: h.sum ?? 0,
    ...(h.min !== undefined ? { min: h.min } : {}),
    ...(h.max !== undefined ? { max: h.max } : {}),
    boundaries: h.buckets.boundaries,
    counts: h.buckets.counts.slice(),
  };
}

export function exponentialSnapshot(h: ExponentialHistogram): HistSnapshot {
  return {
    type: 'exponential',
    count: h.count,
    sum: h.sum ?? 0,
    ...(h.min !== undefined ? { min: h.min } : {}),
    ...(h.max !== undefined ? { max: h.max } : {}),
    scale: h.scale,
    zeroCount: h.zeroCount,
    pos: { offset: h.positive.offset, counts: h.positive.bucketCounts.slice() },
    neg: { offset: h.negative.offset, counts: h.negative.bucketCounts.slice() },
  };
}

/**
 * Observations recorded after `base` (undefined = since the series began).
 * A count that went down means the series was reset: the latest stands alone.
 */
export function histDelta(cur: HistSnapshot, base: HistSnapshot | undefined): HistDelta {
  if (base && (base.type !== cur.type || base.count > cur.count)) base = undefined;
  const bounds = { ...(cur.min !== undefined ? { min: cur.min } : {}), ...(cur.max !== undefined ? { max: cur.max } : {}) };
  const count = cur.count - (base?.count ?? 0);
  const sum = cur.sum - (base?.sum ?? 0);
  if (cur.type === 'explicit') {
    const b = base?.type === 'explicit' && sameBounds(b0(base), cur.boundaries) ? base.counts : undefined;
    const buckets: Bucket[] = [];
    for (let i = 0; i < cur.counts.length; i++) {
      const c = cur.counts[i]! - (b?.[i] ?? 0);
      if (c <= 0) continue;
      buckets.push({ lower: i === 0 ? -Infinity : cur.boundaries[i - 1]!, upper: i < cur.boundaries.length ? cur.boundaries[i]! : Infinity, count: c });
    }
    return { count, sum, buckets, ...bounds };
  }
  const e = base?.type === 'exponential' ? base : undefined;
  const scale = e ? Math.min(e.scale, cur.scale) : cur.scale;
  const pos = subtract(indexCounts(cur.pos, cur.scale - scale), e ? indexCounts(e.pos, e.scale - scale) : undefined);
  const neg = subtract(indexCounts(cur.neg, cur.scale - scale), e ? indexCounts(e.neg, e.scale - scale) : undefined);
  const base2 = Math.pow(2, Math.pow(2, -scale));
  const buckets: Bucket[] = [];
  for (const [i, c] of neg) buckets.push({ lower: -Math.pow(base2, i + 1), upper: -Math.pow(base2, i), count: c });
  const zero = cur.zeroCount - (e?.zeroCount ?? 0);
  if (zero > 0) buckets.push({ lower: 0, upper: 0, count: zero });
  for (const [i, c] of pos) buckets.push({ lower: Math.pow(base2, i), upper: Math.pow(base2, i + 1), count: c });
  buckets.sort((a, b) => a.upper - b.upper || a.lower - b.lower);
  return { count, sum, buckets, ...bounds };
}

function b0(h: HistSnapshot): number[] {
  return h.type === 'explicit' ? h.boundaries : [];
}

function sameBounds(a: number[], b: number[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** Bucket counts by index, downscaled by `shift` (an index at scale s maps to index >> k at scale s - k). */
function indexCounts(side: { offset: number; counts: number[] }, shift: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let k = 0; k < side.counts.length; k++) {
    const c = side.counts[k]!;
    if (c === 0) continue;
    const i = (side.offset + k) >> shift;
    out.set(i, (out.get(i) ?? 0) + c);
  }
  return out;
}

function subtract(cur: Map<number, number>, base: Map<number, number> | undefined): Map<number, number> {
  if (!base) return cur;
  for (const [i, c] of cur) {
    const d = c - (base.get(i) ?? 0);
    if (d > 0) cur.set(i, d);
    else cur.delete(i);
  }
  return cur;
}
