import { afterEach, describe, expect, it } from 'vitest';
import { FAST_MS, loopDelayView, samplingPeriod, type LoopDelayView } from '../../../src/health/loop-delay.js';

const open: LoopDelayView[] = [];
afterEach(() => open.splice(0).forEach((v) => v.close()));
const view = () => {
  const v = loopDelayView();
  open.push(v);
  return v;
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the shared event-loop delay sampler', () => {
  it('records a blocked loop in every open view, as the delay itself', async () => {
    const a = view();
    const b = view();
    await wait(FAST_MS + 20);
    const end = Date.now() + 150;
    while (Date.now() < end); // block the loop
    await wait(FAST_MS + 20);
    for (const v of [a, b]) {
      expect(v.histogram.count).toBeGreaterThan(0);
      expect(v.histogram.max / 1e6).toBeGreaterThanOrEqual(60);
    }
    // Not the sampling period counted in (monitorEventLoopDelay's values are ≥ its resolution).
    expect(a.histogram.min / 1e6).toBeLessThan(FAST_MS);
    // Mean and stddev kept as samples arrive agree with the histogram's own (bucketed) ones.
    expect(a.mean()).toBeGreaterThan(a.histogram.min);
    expect(a.mean()).toBeLessThan(a.histogram.max);
    expect(Math.abs(a.mean() - a.histogram.mean) / a.histogram.mean).toBeLessThan(0.05);
    expect(Math.abs(a.stddev() - a.histogram.stddev) / a.histogram.stddev).toBeLessThan(0.05);
    a.reset();
    expect([a.histogram.count, a.mean(), a.stddev()]).toEqual([0, 0, 0]);
    expect(b.histogram.count).toBeGreaterThan(0);
  });

  it('starts fine and stops with the last view', () => {
    const a = view();
    const b = view();
    expect(samplingPeriod()).toBe(FAST_MS);
    a.close();
    expect(samplingPeriod()).toBe(FAST_MS);
    b.close();
    expect(samplingPeriod()).toBeUndefined();
  });
});
