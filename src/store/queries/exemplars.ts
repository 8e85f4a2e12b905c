import type { DatabaseSync } from 'node:sqlite';
import { spanWhere } from './span-filter.js';
import type { Window } from './types.js';

// Exemplars at query time: a latency chart point (a time bucket, and a
// percentile line) names a request that had that latency. Nothing is kept per
// request on the hot path; the stored spans are the exemplars, so they exist
// exactly as long as the raw spans (the traces) do.

export type ExemplarLabel = 'p50' | 'p95' | 'p99' | 'max' | 'failed';

export interface ExemplarQuery extends Window {
  /** One operation (root span name), else every request. */
  operation?: string;
  service?: string;
}

export interface Exemplar {
  label: ExemplarLabel;
  traceId: string;
  spanId: string;
  name: string;
  startMs: number;
  durationMs: number;
  failed: boolean;
}

const RANKS: ReadonlyArray<[ExemplarLabel, number]> = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
  ['max', 1],
];

/**
 * Requests (local root spans) started in the window, one near each of the
 * chart's percentiles and the slowest, plus the newest failed one. The
 * percentile's request is the one at its nearest rank, so its duration is
 * the chart's value or its neighbour's.
 */
export function exemplars(db: DatabaseSync, q: ExemplarQuery): Exemplar[] {
  const w = spanWhere({ fromMs: q.fromMs, toMs: q.toMs, serviceName: q.service, name: q.operation, rootsOnly: true });
  const where = `${w.sql} AND trace_id IS NOT NULL AND duration_ms IS NOT NULL`;
  // Two numbers a request: an hour of a busy service sorts in a few milliseconds.
  const ranked = db.prepare(`SELECT rowid AS r FROM spans WHERE ${where} ORDER BY duration_ms, rowid`).all(...w.params) as Array<{ r: number }>;
  const picks: Array<[ExemplarLabel, number]> = [];
  if (ranked.length > 0) for (const [label, p] of RANKS) picks.push([label, ranked[Math.round(p * (ranked.length - 1))]!.r]);
  const failed = db.prepare(`SELECT rowid AS r FROM spans WHERE ${where} AND status_code = 2 ORDER BY start_ms DESC LIMIT 1`).get(...w.params) as { r: number } | undefined;
  if (failed) picks.push(['failed', failed.r]);
  const one = db.prepare('SELECT trace_id, span_id, name, start_ms, duration_ms, status_code FROM spans WHERE rowid = ?');
  return picks.map(([label, rowid]) => {
    const s = one.get(rowid) as { trace_id: string; span_id: string; name: string; start_ms: number; duration_ms: number; status_code: number | null };
    return { label, traceId: s.trace_id, spanId: s.span_id, name: s.name, startMs: s.start_ms, durationMs: s.duration_ms, failed: s.status_code === 2 };
  });
}
