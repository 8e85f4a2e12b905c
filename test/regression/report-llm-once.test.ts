// Defect 14a: `vigil report` printed the LLM figures twice (the headline,
// then a per-model row repeating it when there is one model).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildSummary, renderTextReport } from '../../src/dashboard/index.js';
import { tempStore } from '../fixtures/dashboard/db.js';

const NOW = Date.UTC(2025, 2, 3, 12, 30, 0);
let store: ReturnType<typeof tempStore>;
beforeEach(() => (store = tempStore()));
afterEach(() => store.remove());

function llmPoint(model: string, count: number): void {
  store.db
    .prepare('INSERT INTO metrics (time_ms, name, type, unit, attributes, count, sum, min, max, buckets, temporality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(NOW - 60_000, 'gen_ai.client.operation.duration', 'histogram', 's', JSON.stringify({ 'gen_ai.request.model': model }), count, count, 0.5, 1.5, JSON.stringify({ boundaries: [1, 2], counts: [count, 0, 0] }), 'delta');
}

it('prints the LLM figures once for one model, and one row per model for several', () => {
  llmPoint('llama3.2:1b', 12);
  const one = renderTextReport(buildSummary(store.db, { window: '1h', now: NOW })).split('\n');
  expect(one.filter((l) => l.includes('12 calls'))).toEqual([expect.stringMatching(/^LLM {2}12 calls \(llama3\.2:1b\)/)]);
  expect(one.filter((l) => l.includes('llama3.2:1b'))).toHaveLength(1);

  llmPoint('mistral', 3);
  const two = renderTextReport(buildSummary(store.db, { window: '1h', now: NOW })).split('\n');
  expect(two.filter((l) => l.startsWith('LLM'))).toEqual([expect.stringMatching(/^LLM {2}15 calls {2}/)]);
  expect(two.filter((l) => /^ {2}(llama3\.2:1b|mistral) +\d+ calls$/.test(l))).toHaveLength(2);
});
