import { afterAll, describe, expect, test } from 'vitest';
import { configureApi, monitored } from '../../../src/api/index.js';
import { ExpHistogram, performance, RELATIVE_ERROR } from '../../../src/metrics/index.js';
import { registerOtel } from '../api/otel.js';

/** Nearest-rank quantile of exact values: the definition the histogram estimates. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

// A deterministic PRNG so a failure can be reproduced.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const QUANTILES = [0.5, 0.9, 0.95, 0.99];
const within = (estimate: number, exact: number) =>
  Math.abs(estimate - exact) <= exact * RELATIVE_ERROR * (1 + 1e-9) + 1e-12;

describe('exponential histogram percentiles', () => {
  test.each([
    ['log-normal latencies', (r: () => number) => Math.exp(2 + 1.5 * Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r()))],
    ['uniform 0.01..5000 ms', (r: () => number) => 0.01 + r() * 5000],
    ['bimodal cache hit / miss', (r: () => number) => (r() < 0.9 ? 0.2 + r() * 0.1 : 80 + r() * 40)],
  ])('%s: every quantile within the relative error bound of the exact one', (_label, draw) => {
    const rand = lcg(42);
    const h = new ExpHistogram();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = draw(rand);
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of QUANTILES) {
      const exact = exactQuantile(values, q);
      const est = h.quantile(q);
      expect(within(est, exact), `q=${q} exact=${exact} estimate=${est}`).toBe(true);
    }
    expect(h.max).toBe(values[values.length - 1]);
    expect(h.count).toBe(values.length);
  });

  test('the bound is tight enough to mean something (about 1%)', () => {
    expect(RELATIVE_ERROR).toBeGreaterThan(0.005);
    expect(RELATIVE_ERROR).toBeLessThan(0.011);
  });

  test('zeros and a single value', () => {
    const h = new ExpHistogram();
    h.record(0);
    h.record(0);
    h.record(10);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.99)).toBe(10);
  });
});

describe('performance.report() from the wrappers', () => {
  const otel = registerOtel();
  afterAll(() => otel.shutdown());

  test('count, errors, max and percentiles match the exact durations the wrapper measured', () => {
    // With a 0 ms threshold every call is "slow", so onSlow hands us each exact duration.
    const measured: number[] = [];
    configureApi({ defaultSlowMs: 0, onSlow: (_name, ms) => measured.push(ms) });
    let i = 0;
    const op = monitored(
      'report.op',
      () => {
        const until = globalThis.performance.now() + (i++ % 10) * 0.05;
        while (globalThis.performance.now() < until);
        if (i % 25 === 0) throw new Error('every 25th');
      },
      { alertOnSlow: true },
    );
    for (let n = 0; n < 200; n++) {
      try {
        op();
      } catch {
        // counted as an error below
      }
    }
    configureApi({});
    const line = performance.report().find((r) => r.name === 'report.op')!;
    expect(line.count).toBe(200);
    expect(line.errors).toBe(8);
    expect(measured).toHaveLength(200);
    measured.sort((a, b) => a - b);
    expect(line.max).toBe(measured[measured.length - 1]);
    for (const q of QUANTILES) {
      const exact = exactQuantile(measured, q);
      const est = line[`p${Math.round(q * 100)}` as 'p50'];
      expect(within(est, exact), `q=${q} exact=${exact} estimate=${est}`).toBe(true);
    }
  });
});
