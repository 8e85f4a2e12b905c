import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary } from '../../../src/dashboard/index.js';
import { tempStore } from '../../fixtures/dashboard/db.js';

const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
let store: ReturnType<typeof tempStore>;
beforeEach(() => (store = tempStore()));
afterEach(() => store.remove());

function point(name: string, type: string, attrs: Record<string, unknown>, v: { value?: number; count?: number; sum?: number; min?: number; max?: number; buckets?: unknown }, timeMs = NOW - 60_000): void {
  store.db
    .prepare('INSERT INTO metrics (time_ms, name, type, unit, attributes, value, count, sum, min, max, buckets, temporality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(timeMs, name, type, 's', JSON.stringify(attrs), v.value ?? null, v.count ?? null, v.sum ?? null, v.min ?? null, v.max ?? null, v.buckets ? JSON.stringify(v.buckets) : null, 'delta');
}

describe('host, runtime and LLM figures', () => {
  it('host figures: the latest reading, summed over attribute sets, scaled to display units', () => {
    point('process.memory.usage', 'gauge', {}, { value: 100 }, NOW - 120_000);
    point('process.memory.usage', 'gauge', {}, { value: 200 });
    point('v8js.memory.heap.used', 'gauge', { 'v8js.heap.space.name': 'old' }, { value: 30 });
    point('v8js.memory.heap.used', 'gauge', { 'v8js.heap.space.name': 'new' }, { value: 12 });
    point('nodejs.eventloop.delay.p99', 'gauge', {}, { value: 0.025 });
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    const by = Object.fromEntries(s.host.map((f) => [f.name, f.value]));
    expect(by['process.memory.usage']).toBe(200);
    expect(by['v8js.memory.heap.used']).toBe(42);
    expect(by['nodejs.eventloop.delay.p99']).toBeCloseTo(25);
    expect(by['process.cpu.utilization']).toBeUndefined();
  });

  it('LLM usage: calls, failures, tokens by type and latency from merged histogram buckets', () => {
    const boundaries = [0.5, 1, 2];
    point('gen_ai.client.operation.duration', 'histogram', { 'gen_ai.request.model': 'llama' }, { count: 10, sum: 8, min: 0.6, max: 0.9, buckets: { boundaries, counts: [0, 10, 0, 0] } });
    point('gen_ai.client.operation.duration', 'histogram', { 'gen_ai.request.model': 'llama', 'error.type': 'timeout' }, { count: 2, sum: 4, min: 1.5, max: 1.8, buckets: { boundaries, counts: [0, 0, 2, 0] } });
    point('gen_ai.client.token.usage', 'histogram', { 'gen_ai.token.type': 'input' }, { count: 12, sum: 480 });
    point('gen_ai.client.token.usage', 'histogram', { 'gen_ai.token.type': 'output' }, { count: 10, sum: 1500 });
    const s = buildSummary(store.db, { window: '1h', now: NOW });
    expect(s.llm).toMatchObject({ calls: 12, errors: 2, inputTokens: 480, outputTokens: 1500, models: [{ model: 'llama', calls: 12 }] });
    // The successful series lies in (0.6, 0.9] s: its p50 is inside, in ms; the failing series pulls the weighted p95 up.
    expect(s.llm.p50!).toBeGreaterThanOrEqual(600);
    expect(s.llm.p50!).toBeLessThanOrEqual(1800);
    expect(s.llm.p95!).toBeGreaterThan(s.llm.p50!);
  });

  it('without a live registry the score comes from the stored results, as /health computes it (not from a recorded gauge)', () => {
    store.db.prepare("INSERT INTO health_checks (time_ms, check_name, status, critical) VALUES (?, 'db', 'fail', 1)").run(NOW - 60_000);
    store.db.prepare("INSERT INTO health_checks (time_ms, check_name, status, critical) VALUES (?, 'disk', 'pass', 0)").run(NOW - 60_000);
    point('vigil.health.score', 'gauge', {}, { value: 97 });
    // (3·0 + 1·1) / 4 = 25; a failing critical check: fail.
    expect(buildSummary(store.db, { window: '1h', now: NOW }).health).toMatchObject({ score: 25, status: 'fail' });
  });
});
