// The accuracy bound of each estimate. A bucketed estimate (Prometheus,
// rollups of histograms) can only be placed within the bucket that holds the
// true rank: histogram_quantile interpolates linearly inside it, so the
// error is at most that bucket's width. A duration measured around a sleep
// is the planned time plus scheduling delay: at least the plan, at most
// SLACK_MS more on a loaded machine.
import { expect } from 'vitest';
import { exactQuantile } from '../../src/store/quantile.js';

/**
 * Scheduling delay allowed above a planned sleep. Generous because CI and
 * this machine run several suites on 2 cores (a 600 ms sleep was measured
 * at 838 ms); the defects this suite guards against are off by whole
 * buckets or by 1000×.
 */
export const SLACK_MS = 300;

/** The value at rank ceil(q × n) of ascending values: the one histogram_quantile's bucket must hold. */
export function rankValue(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/** [lower, upper] of the bucket holding v, for finite upper bounds; the lowest bucket starts at 0 (histogram_quantile). */
export function bucketOf(bounds: readonly number[], v: number): [number, number] {
  let lower = 0;
  for (const b of bounds) {
    if (v <= b) return [lower, b];
    lower = b;
  }
  return [lower, lower]; // +Inf bucket: histogram_quantile answers the highest finite bound
}

/**
 * Where a bucketed estimate of quantile q must lie: from the lower edge of
 * the bucket of the true value to the upper edge of the bucket of the true
 * value plus the slack (measured durations only). Values in the unit of the bounds.
 */
export function bucketedRange(truthSorted: readonly number[], q: number, bounds: readonly number[], slack = 0): [number, number] {
  const v = rankValue(truthSorted, q);
  return [bucketOf(bounds, v)[0], bucketOf(bounds, v + slack)[1]];
}

/**
 * Node schedules timers on the event loop's millisecond clock, which can lag
 * the high-resolution one that spans use: a 300 ms sleep was measured at
 * 299.94 ms. So a measured duration may fall this much short of its plan.
 */
export const TIMER_EARLY_MS = 1;

/** Where an exact quantile of measured durations must lie: the planned quantile (less timer rounding), up to the slack above it. */
export function measuredRange(truthSorted: readonly number[], q: number, slack = SLACK_MS): [number, number] {
  const v = exactQuantile(truthSorted, q)!;
  return [v - TIMER_EARLY_MS, v + slack];
}

/** Soft: a value inside [lo, hi]; every surface's findings are reported, not only the first. */
export function within(v: number | null | undefined, [lo, hi]: [number, number], what: string): void {
  expect.soft(v, what).not.toBeNull();
  if (v == null) return;
  expect.soft(v, `${what} ≥ ${lo}`).toBeGreaterThanOrEqual(lo - 1e-9);
  expect.soft(v, `${what} ≤ ${hi}`).toBeLessThanOrEqual(hi + 1e-9);
}
