import type { DatabaseSync } from 'node:sqlite';
import { metricCells } from '../store/index.js';
import { weightedPercentiles } from './stats.js';
import type { LlmUsage, WindowInfo } from './types.js';

const DURATION = 'gen_ai.client.operation.duration';
const TOKENS = 'gen_ai.client.token.usage';

/** LLM calls, errors, tokens and latency (ms) from the GenAI semantic-convention metrics. */
export function llmUsage(db: DatabaseSync, w: WindowInfo): LlmUsage {
  const calls = metricCells(db, DURATION, w);
  const byModel = new Map<string, number>();
  let count = 0;
  let errors = 0;
  for (const c of calls) {
    count += c.count;
    if (c.attributes['error.type'] !== undefined) errors += c.count;
    const model = String(c.attributes['gen_ai.request.model'] ?? c.attributes['gen_ai.response.model'] ?? 'unknown');
    byModel.set(model, (byModel.get(model) ?? 0) + c.count);
  }
  const pct = weightedPercentiles(calls);
  const ms = (v: number | null) => (v == null ? null : v * 1000);
  let inputTokens = 0;
  let outputTokens = 0;
  for (const c of metricCells(db, TOKENS, w)) {
    const type = c.attributes['gen_ai.token.type'];
    if (type === 'input') inputTokens += c.sum;
    else if (type === 'output') outputTokens += c.sum;
  }
  return {
    calls: count,
    errors,
    inputTokens,
    outputTokens,
    p50: ms(pct.p50),
    p90: ms(pct.p90),
    p95: ms(pct.p95),
    p99: ms(pct.p99),
    models: [...byModel.entries()].map(([model, n]) => ({ model, calls: n })).sort((a, b) => b.calls - a.calls),
  };
}
