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
});
