import { describe, expect, it } from 'vitest';
import { histDelta } from '../../../src/alerting/histogram.js';
import type { HistSnapshot } from '../../../src/alerting/histogram.js';
import { intervalQuantile, mergeIntervals } from '../../../src/store/histogram.js';
import type { Interval } from '../../../src/store/histogram.js';

// The alert engine reads its windows with the store's one quantile function.
const quantile = (q: number, b: Interval[], min?: number, max?: number) => intervalQuantile(b, q, min, max);
const mergeBuckets = mergeIntervals;

const explicit = (counts: number[], count = counts.reduce((a, b) => a + b, 0)): HistSnapshot => ({
  type: 'explicit',
  count,
  sum: 0,
  boundaries: [0.1, 0.5, 1],
  counts,
});

describe('histogram percentiles', () => {
  it('interpolates inside the bucket holding the rank', () => {
    // 10 observations: 5 in (0,0.1], 5 in (0.5,1]. p50 = top of the first bucket; p90 inside (0.5,1].
    const d = histDelta(explicit([5, 0, 5, 0]), undefined);
    expect(quantile(0.5, d.buckets)).toBeCloseTo(0.1);
    expect(quantile(0.9, d.buckets)).toBeCloseTo(0.9);
  });

  it('returns the lower bound of the +Inf bucket, or interpolates up to the recorded max', () => {
    const d = histDelta({ ...explicit([0, 0, 0, 4]), max: 3 }, undefined);
    expect(quantile(0.99, d.buckets)).toBe(1);
    expect(quantile(0.5, d.buckets, d.min, d.max)).toBeCloseTo(2);
  });

  it('subtracts a baseline snapshot: only the window counts', () => {
    const before = explicit([100, 0, 0, 0]);
    const after = explicit([100, 0, 10, 0]);
    const d = histDelta(after, before);
    expect(d.count).toBe(10);
    expect(quantile(0.5, d.buckets)).toBeGreaterThan(0.5);
  });

  it('treats a count that went down as a reset', () => {
    expect(histDelta(explicit([1, 0, 0, 0]), explicit([5, 0, 0, 0])).count).toBe(1);
  });

  it('handles exponential buckets across a scale change', () => {
    const base: HistSnapshot = { type: 'exponential', count: 2, sum: 3, scale: 1, zeroCount: 0, pos: { offset: 0, counts: [1, 1] }, neg: { offset: 0, counts: [] } };
    // At scale 0 the same two observations share index 0 (1,2]; then 4 more land in (2,4].
    const cur: HistSnapshot = { type: 'exponential', count: 6, sum: 15, scale: 0, zeroCount: 0, pos: { offset: 0, counts: [2, 4] }, neg: { offset: 0, counts: [] } };
    const d = histDelta(cur, base);
    expect(d.count).toBe(4);
    expect(d.buckets).toEqual([{ lower: 2, upper: 4, count: 4 }]);
    expect(quantile(0.5, d.buckets)).toBeCloseTo(3);
  });

  it('merges the buckets of several series', () => {
    const a = histDelta(explicit([1, 0, 0, 0]), undefined).buckets;
    const b = histDelta(explicit([0, 0, 3, 0]), undefined).buckets;
    expect(quantile(0.95, mergeBuckets([a, b]))).toBeGreaterThan(0.5);
    expect(mergeBuckets([a, a])[0]!.count).toBe(2);
  });
});
