import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary } from '../../../src/dashboard/index.js';
import { aggregateHourly, exactQuantile } from '../../../src/store/index.js';
import { insertSpan, tempStore } from '../../fixtures/dashboard/db.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
let store: ReturnType<typeof tempStore>;
beforeEach(() => (store = tempStore()));
afterEach(() => store.remove());

describe('long windows read hourly rollups plus the raw tail', () => {
  beforeEach(() => {
    // Five complete hours with 10 spans each (durations h*10 + 1..10), and 4 spans in the current hour.
    for (let h = 1; h <= 5; h++) for (let i = 1; i <= 10; i++) insertSpan(store, { name: 'GET /a', startMs: NOW - 30 * 60_000 - h * HOUR + i * 60_000, durationMs: h * 10 + i, error: i === 1 });
    for (let i = 1; i <= 4; i++) insertSpan(store, { name: 'GET /a', startMs: NOW - i * 60_000, durationMs: 1000 + i });
  });

  it('gives the same counts, errors and per-hour p95 as raw spans', () => {
    const raw = buildSummary(store.db, { window: '24h', now: NOW });
    expect(raw.usedRollups).toBe(false);
    aggregateHourly(store.db, { now: NOW });
    const rolled = buildSummary(store.db, { window: '24h', now: NOW });
    expect(rolled.usedRollups).toBe(true);
    const a = raw.operations[0]!;
    const b = rolled.operations[0]!;
    expect(b.count).toBe(54);
    expect(b.count).toBe(a.count);
    expect(b.errors).toBe(5);
    expect(b.trend).toEqual(a.trend);
    expect(b.p95Trend).toEqual(a.p95Trend);
    expect(b.maxMs).toBe(1004);
    expect(rolled.requests.count).toBe(54);
    // The current hour is raw and exact.
    expect(b.p95Trend.at(-1)).toBeCloseTo(exactQuantile([1001, 1002, 1003, 1004], 0.95)!);
    // Across hours: count-weighted mean of hourly p50s (documented approximation), the exact one is close.
    const hourly = b.p95Trend.filter((v): v is number => v != null);
    expect(hourly).toHaveLength(6);
    expect(b.p50).toBeGreaterThan(20);
    expect(b.p50).toBeLessThan(1004);
    // Slow operations still found through the rollups (raw spans are still here).
    expect(rolled.slow.map((s) => s.durationMs)).toEqual([1004, 1003, 1002, 1001]);
  });
});
