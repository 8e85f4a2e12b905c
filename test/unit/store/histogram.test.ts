import { describe, expect, it } from 'vitest';
import { intervalQuantile, intervalsOf, mergeIntervals } from '../../../src/store/histogram.js';

describe('histogram buckets to quantiles', () => {
  it('closes the open outer buckets with the observed min and max', () => {
    const iv = intervalsOf(JSON.stringify({ boundaries: [10], counts: [0, 4] })); // all above 10
    expect(iv).toEqual([{ lower: 10, upper: Infinity, count: 4 }]);
    expect(intervalQuantile(iv, 1, 12, 20)).toBe(20);
    expect(intervalQuantile(iv, 0.5, 12, 20)).toBe(16);
    expect(intervalQuantile(iv, 0.5)).toBe(10); // no max known: the finite edge, never Infinity
  });

  it('merges identical buckets of several points and reads empty or unreadable input as no data', () => {
    const a = intervalsOf(JSON.stringify({ boundaries: [1, 2], counts: [1, 0, 0] }));
    const b = intervalsOf(JSON.stringify({ boundaries: [1, 2], counts: [0, 3, 0] }));
    const merged = mergeIntervals([a, b]);
    expect(merged).toEqual([{ lower: -Infinity, upper: 1, count: 1 }, { lower: 1, upper: 2, count: 3 }]);
    expect(intervalQuantile(merged, 0.25, 0.5, 2)).toBe(1); // rank 1 is the first bucket's top
    expect(intervalQuantile([], 0.5)).toBeNull();
    expect(intervalsOf('not json')).toEqual([]);
    expect(intervalsOf(null)).toEqual([]);
  });

  it('orders exponential negative, zero and positive buckets by value', () => {
    const iv = mergeIntervals([intervalsOf(JSON.stringify({ scale: 0, zeroCount: 2, positive: { offset: 1, counts: [2] }, negative: { offset: 1, counts: [2] } }))]);
    // scale 0: base 2, bucket index 1 is (2, 4]; negative index 1 is [-4, -2).
    expect(iv).toEqual([{ lower: -4, upper: -2, count: 2 }, { lower: 0, upper: 0, count: 2 }, { lower: 2, upper: 4, count: 2 }]);
    expect(intervalQuantile(iv, 0.5, -4, 4)).toBe(0);
    expect(intervalQuantile(iv, 1, -4, 4)).toBe(4);
    expect(intervalQuantile(iv, 0.1, -4, 4)).toBeLessThan(-2);
  });

  it('follows histogram_quantile at the edges: lowest bucket from 0, +Inf bucket at the highest finite bound', () => {
    // Prometheus: rank in the first bucket (-Inf, 0.1] with a positive bound interpolates from 0.
    const first = intervalsOf(JSON.stringify({ boundaries: [0.1, 1], counts: [4, 0, 0] }));
    expect(intervalQuantile(first, 0.5)).toBeCloseTo(0.05);
    // A non-positive upper bound of the lowest bucket is the answer itself.
    expect(intervalQuantile(intervalsOf(JSON.stringify({ boundaries: [-1, 1], counts: [2, 0, 0] })), 0.5)).toBe(-1);
    // +Inf bucket: the highest finite bound (Prometheus), the observed max when known.
    const top = intervalsOf(JSON.stringify({ boundaries: [0.1, 1], counts: [1, 0, 3] }));
    expect(intervalQuantile(top, 0.99)).toBe(1);
    expect(intervalQuantile(top, 0.99, 0.01, 5)).toBeCloseTo(1 + 4 * ((3.96 - 1) / 3));
    // The same counts in cumulative form give the same answer as the classic algorithm (rank = q * total).
    const mix = intervalsOf(JSON.stringify({ boundaries: [0.005, 0.01, 0.025, 0.05], counts: [50, 30, 15, 5, 0] }));
    expect(intervalQuantile(mix, 0.9)).toBeCloseTo(0.01 + 0.015 * (10 / 15));
  });
});
