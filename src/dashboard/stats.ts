import { exactQuantile } from '../store/index.js';
import type { Percentiles } from './types.js';

export const EMPTY_PERCENTILES: Percentiles = { p50: null, p90: null, p95: null, p99: null };

/** Exact percentiles of values (sorted in place). */
export function percentilesOf(values: number[]): Percentiles {
  if (!ascending(values)) values.sort((a, b) => a - b);
  return {
    p50: exactQuantile(values, 0.5),
    p90: exactQuantile(values, 0.9),
    p95: exactQuantile(values, 0.95),
    p99: exactQuantile(values, 0.99),
  };
}

/** A check without calls: the summary's raw hours arrive sorted (the span ledger keeps them so). */
function ascending(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1]! > values[i]!) return false;
  return true;
}

/**
 * Percentiles of several cells (hours) combined as count-weighted means of
 * each cell's percentile. Not exact (percentiles do not add up), but close
 * when the distribution is similar from hour to hour, and it keeps a week
 * readable from 168 rollup rows instead of millions of spans.
 */
export function weightedPercentiles(cells: ReadonlyArray<Percentiles & { count: number }>): Percentiles {
  const out: Percentiles = { ...EMPTY_PERCENTILES };
  for (const k of ['p50', 'p90', 'p95', 'p99'] as const) {
    let sum = 0;
    let weight = 0;
    for (const c of cells) {
      const v = c[k];
      if (v == null || c.count <= 0) continue;
      sum += v * c.count;
      weight += c.count;
    }
    out[k] = weight > 0 ? sum / weight : null;
  }
  return out;
}

/** Rising / falling / steady from the first and second half of a trend. */
export function direction(trend: readonly number[], isNew: boolean): 'new' | 'rising' | 'falling' | 'steady' {
  if (isNew) return 'new';
  const half = Math.floor(trend.length / 2);
  let a = 0;
  let b = 0;
  trend.forEach((v, i) => (i < half ? (a += v) : (b += v)));
  if (b > a * 1.5 && b - a >= 2) return 'rising';
  if (a > b * 1.5 && a - b >= 2) return 'falling';
  return 'steady';
}
