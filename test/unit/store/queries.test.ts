import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hourlyRollups, metricPointsInWindow, operationStats, spanSeries, spansInWindow, spansOfTrace } from '../../../src/store/queries.js';
import { exactQuantile } from '../../../src/store/quantile.js';
import type { Store } from '../../../src/store/types.js';
import { freshStore, insertMetric, insertSpan } from './helpers.js';

const T0 = Date.UTC(2026, 2, 1, 9);
const MIN = 60_000;

describe('store queries', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => {
    ({ store, dispose } = freshStore());
    // 10 minutes of GET /a (one per 10 s, every 6th an error), a few POST /b children, one span outside the window.
    for (let i = 0; i < 60; i++) insertSpan(store.db, { name: 'GET /a', startMs: T0 + i * 10_000, durationMs: 10 + i, error: i % 6 === 0, traceId: `trace${i}` });
    for (let i = 0; i < 5; i++) insertSpan(store.db, { name: 'POST /b', startMs: T0 + i * MIN, durationMs: 100, root: false, traceId: 'trace0' });
    insertSpan(store.db, { name: 'GET /a', startMs: T0 + 11 * MIN, durationMs: 999 });
  });
  afterEach(() => dispose());

  const window = { fromMs: T0, toMs: T0 + 10 * MIN };

  it('spansInWindow filters by window, name and roots, newest first, with parsed JSON', () => {
    const all = spansInWindow(store.db, window);
    expect(all).toHaveLength(65);
    expect(all[0]!.startMs).toBeGreaterThanOrEqual(all[1]!.startMs);
    expect(spansInWindow(store.db, { ...window, name: 'POST /b' })).toHaveLength(5);
    expect(spansInWindow(store.db, { ...window, rootsOnly: true }).every((s) => s.name === 'GET /a')).toBe(true);
    expect(all[0]!.attributes).toEqual({});
    expect(spansInWindow(store.db, { ...window, limit: 3 })).toHaveLength(3);
    expect(spansOfTrace(store.db, 'trace0').map((s) => s.name)).toEqual(['GET /a', 'POST /b', 'POST /b', 'POST /b', 'POST /b', 'POST /b']);
  });

  it('operationStats gives count, errors and exact percentiles per operation', () => {
    const stats = operationStats(store.db, window);
    expect(stats.map((s) => s.name)).toEqual(['GET /a', 'POST /b']);
    const a = stats[0]!;
    const durations = Array.from({ length: 60 }, (_, i) => 10 + i);
    expect(a).toMatchObject({ count: 60, errors: 10, maxMs: 69 });
    expect(a.p50).toBeCloseTo(exactQuantile(durations, 0.5)!, 9);
    expect(a.p99).toBeCloseTo(exactQuantile(durations, 0.99)!, 9);
    expect(a.avgMs).toBeCloseTo(39.5, 9);
    expect(operationStats(store.db, { ...window, rootsOnly: true }).map((s) => s.name)).toEqual(['GET /a']);
  });

  it('spanSeries buckets count, errors and p95 across the whole window', () => {
    const series = spanSeries(store.db, { ...window, name: 'GET /a', bucketMs: 5 * MIN });
    expect(series.map((b) => b.bucketMs)).toEqual([T0, T0 + 5 * MIN]);
    expect(series.map((b) => b.count)).toEqual([30, 30]);
    expect(series.map((b) => b.errors)).toEqual([5, 5]);
    expect(series[1]!.p95).toBeCloseTo(exactQuantile(Array.from({ length: 30 }, (_, i) => 40 + i), 0.95)!, 9);
    const empty = spanSeries(store.db, { fromMs: T0 - 10 * MIN, toMs: T0, bucketMs: MIN });
    expect(empty).toHaveLength(10);
    expect(empty.every((b) => b.count === 0 && b.p95 === null)).toBe(true);
  });

  it('metricPointsInWindow and hourlyRollups return parsed points and rollups', () => {
    insertMetric(store.db, { name: 'h', type: 'histogram', timeMs: T0 + 1, count: 2, buckets: '{"boundaries":[1],"counts":[1,1]}', attributes: '{"k":"v"}' });
    insertMetric(store.db, { name: 'g', timeMs: T0 + 2, value: 5 });
    const points = metricPointsInWindow(store.db, { ...window, name: 'h' });
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ name: 'h', type: 'histogram', count: 2, attributes: { k: 'v' }, buckets: { boundaries: [1], counts: [1, 1] } });
    expect(metricPointsInWindow(store.db, window)).toHaveLength(2);
    store.db.prepare(`INSERT INTO metrics_hourly (hour_ms, name, attributes, count, p95) VALUES (?, 'span:GET /a', '{}', 60, 66)`).run(T0);
    expect(hourlyRollups(store.db, { name: 'span:GET /a', fromMs: T0, toMs: T0 + 3_600_000 })).toEqual([
      { hourMs: T0, name: 'span:GET /a', attributes: {}, count: 60, sum: null, min: null, max: null, p50: null, p90: null, p95: 66, p99: null, errors: null },
    ]);
  });
});
