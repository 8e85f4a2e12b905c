import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exactQuantile } from '../../../src/store/quantile.js';
import { aggregateHourly, HOUR_MS } from '../../../src/store/rollup.js';
import { cleanup } from '../../../src/store/retention.js';
import type { Store } from '../../../src/store/types.js';
import { freshStore, insertMetric, insertSpan } from './helpers.js';

const H0 = Date.UTC(2026, 0, 10, 8); // an hour boundary
const NOW = H0 + 2 * HOUR_MS + 10 * 60_000; // hours H0 and H0+1h are complete
const BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]; // OTel's default boundaries

/** Deterministic log-normal-ish latencies in ms. */
function latencies(n: number, seed: number): number[] {
  let x = seed;
  const rnd = (): number => ((x = (x * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  return Array.from({ length: n }, () => Math.exp(4 + 1.1 * Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd())));
}

function explicitPoint(values: number[]): { buckets: string; count: number; sum: number; min: number; max: number } {
  const counts = new Array<number>(BOUNDS.length + 1).fill(0);
  for (const v of values) {
    const i = BOUNDS.findIndex((b) => v <= b);
    counts[i === -1 ? BOUNDS.length : i]!++;
  }
  return { buckets: JSON.stringify({ boundaries: BOUNDS, counts }), count: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values) };
}

/** [lower, upper] of the explicit bucket holding v. */
function bucketOf(v: number): [number, number] {
  const i = BOUNDS.findIndex((b) => v <= b);
  return i === 0 ? [-Infinity, BOUNDS[0]!] : i === -1 ? [BOUNDS[BOUNDS.length - 1]!, Infinity] : [BOUNDS[i - 1]!, BOUNDS[i]!];
}

describe('aggregateHourly', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  it('explicit-histogram percentiles land within the bucket error bound of the exact quantiles', () => {
    const all = latencies(4000, 42);
    // Four delta points of one series in the hour, as a 15-minute reader would write them.
    for (let k = 0; k < 4; k++) {
      const p = explicitPoint(all.slice(k * 1000, (k + 1) * 1000));
      insertMetric(store.db, { name: 'http.server.request.duration', type: 'histogram', timeMs: H0 + k * 900_000 + 1, attributes: '{"http.route":"/p"}', ...p });
    }
    expect(aggregateHourly(store.db, { now: NOW })).toEqual({ hours: 2, rows: 1 });
    const row = store.db.prepare(`SELECT * FROM metrics_hourly WHERE name = 'http.server.request.duration'`).get() as Record<string, number>;
    const sorted = [...all].sort((a, b) => a - b);
    expect(row.hour_ms).toBe(H0);
    expect(row.attributes).toBe('{"http.route":"/p"}');
    expect(row.count).toBe(4000);
    expect(row.sum).toBeCloseTo(all.reduce((a, b) => a + b, 0), 6);
    expect(row.min).toBe(sorted[0]);
    expect(row.max).toBe(sorted[sorted.length - 1]);
    for (const [q, col] of [[0.5, 'p50'], [0.9, 'p90'], [0.95, 'p95'], [0.99, 'p99']] as const) {
      const exact = exactQuantile(sorted, q)!;
      const pos = (sorted.length - 1) * q;
      const lo = Math.max(bucketOf(sorted[Math.floor(pos)]!)[0], sorted[0]!);
      const hi = Math.min(bucketOf(sorted[Math.ceil(pos)]!)[1], sorted[sorted.length - 1]!);
      expect(row[col], `${col} vs exact ${exact}`).toBeGreaterThanOrEqual(lo);
      expect(row[col], `${col} vs exact ${exact}`).toBeLessThanOrEqual(hi);
      expect(Math.abs(row[col]! - exact)).toBeLessThanOrEqual(hi - lo);
    }
  });

  it('exponential-histogram percentiles are within one bucket ratio of the exact quantiles', () => {
    const values = latencies(3000, 7);
    const scale = 3;
    const base = 2 ** (2 ** -scale);
    const index = (v: number): number => Math.ceil(Math.log(v) / Math.log(base)) - 1;
    const offset = Math.min(...values.map(index));
    const counts = new Array<number>(Math.max(...values.map(index)) - offset + 1).fill(0);
    for (const v of values) counts[index(v) - offset]!++;
    insertMetric(store.db, {
      name: 'db.client.operation.duration',
      type: 'exponential_histogram',
      timeMs: H0 + 5,
      count: values.length,
      sum: values.reduce((a, b) => a + b, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      buckets: JSON.stringify({ scale, zeroCount: 0, positive: { offset, counts }, negative: { offset: 0, counts: [] } }),
    });
    aggregateHourly(store.db, { now: NOW });
    const row = store.db.prepare(`SELECT * FROM metrics_hourly WHERE name = 'db.client.operation.duration'`).get() as Record<string, number>;
    const sorted = [...values].sort((a, b) => a - b);
    for (const [q, col] of [[0.5, 'p50'], [0.9, 'p90'], [0.95, 'p95'], [0.99, 'p99']] as const) {
      const ratio = row[col]! / exactQuantile(sorted, q)!;
      expect(ratio).toBeGreaterThanOrEqual(1 / base);
      expect(ratio).toBeLessThanOrEqual(base);
    }
  });

  it('span durations roll up as span:<name> with exact percentiles and the error count', () => {
    const d = latencies(500, 3);
    d.forEach((ms, i) => insertSpan(store.db, { name: 'GET /patients', startMs: H0 + i * 1000, durationMs: ms, error: i % 10 === 0 }));
    insertSpan(store.db, { name: 'GET /patients', startMs: H0 + HOUR_MS + 5, durationMs: 12 }); // next hour
    aggregateHourly(store.db, { now: NOW });
    const rows = store.db.prepare(`SELECT * FROM metrics_hourly WHERE name = 'span:GET /patients' ORDER BY hour_ms`).all() as Array<Record<string, number>>;
    expect(rows.map((r) => [r.hour_ms, r.count, r.errors])).toEqual([[H0, 500, 50], [H0 + HOUR_MS, 1, 0]]);
    const sorted = [...d].sort((a, b) => a - b);
    expect(rows[0]!.p50).toBeCloseTo(exactQuantile(sorted, 0.5)!, 9);
    expect(rows[0]!.p99).toBeCloseTo(exactQuantile(sorted, 0.99)!, 9);
    expect(rows[0]!.sum).toBeCloseTo(d.reduce((a, b) => a + b, 0), 6);
  });

  it('counters sum their deltas; gauges get min/max/percentiles of readings', () => {
    [3, 4, 5].forEach((v, i) => insertMetric(store.db, { name: 'emr.visits.saved', type: 'counter', timeMs: H0 + i, value: v }));
    [10, 30, 20].forEach((v, i) => insertMetric(store.db, { name: 'emr.consultations.active', type: 'gauge', timeMs: H0 + i, value: v }));
    aggregateHourly(store.db, { now: NOW });
    const get = (n: string): Record<string, number> => store.db.prepare('SELECT * FROM metrics_hourly WHERE name = ?').get(n) as Record<string, number>;
    expect(get('emr.visits.saved')).toMatchObject({ count: 3, sum: 12, min: 3, max: 5 });
    expect(get('emr.consultations.active')).toMatchObject({ count: 3, min: 10, max: 30, p50: 20 });
  });

  it('is idempotent: complete hours are aggregated once, the current hour waits, retention cannot rewrite a rollup', () => {
    for (let i = 0; i < 10; i++) insertSpan(store.db, { name: 'op', startMs: H0 + i, durationMs: 5 });
    insertSpan(store.db, { name: 'op', startMs: NOW - 1000, durationMs: 5 }); // current, incomplete hour
    expect(aggregateHourly(store.db, { now: NOW }).hours).toBe(2);
    const snapshot = store.db.prepare('SELECT * FROM metrics_hourly ORDER BY hour_ms').all();
    expect(snapshot).toHaveLength(2); // the operation's row and its service's requests
    expect(aggregateHourly(store.db, { now: NOW })).toEqual({ hours: 0, rows: 0 });
    cleanup(store.db, { days: 0, now: NOW }); // raw rows gone
    expect(aggregateHourly(store.db, { now: NOW })).toEqual({ hours: 0, rows: 0 });
    expect(store.db.prepare('SELECT * FROM metrics_hourly ORDER BY hour_ms').all()).toEqual(snapshot);
  });
});
