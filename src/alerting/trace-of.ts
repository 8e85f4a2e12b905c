import type { DatabaseSync } from 'node:sqlite';
import { parseJson } from '../store/queries/json.js';
import { DEFAULT_WINDOW_MS } from './evaluate.js';
import type { LoadedRule } from './rules.js';
import type { AlertInstance } from './types.js';

// The trace behind an alert, looked up once when it fires (never per
// request): for a latency rule the slowest matching span of the rule's
// window, for a count rule (errors) the newest matching one, failed first;
// for an error group its newest stored event's trace; for a slow operation
// its slowest span. Spans still in the writer's queue are not found: the
// alert then simply has no trace.

/** The spans a metric is recorded from (OTel semantic conventions), and how a span looks as metric labels. */
interface SpanSource {
  kind?: number;
  /** The span has at least one of these attributes. */
  anyOf?: string[];
  /** Label names that are the span's name (Vigil's developer API labels its operations so). */
  nameLabel?: string;
}

const SPAN_SOURCES: Record<string, SpanSource> = {
  'http.server.request.duration': { kind: 1 },
  'http.client.request.duration': { kind: 2, anyOf: ['http.request.method', 'http.method'] },
  'db.client.operation.duration': { kind: 2, anyOf: ['db.system.name', 'db.system'] },
  'gen_ai.client.operation.duration': { anyOf: ['gen_ai.operation.name', 'gen_ai.system', 'gen_ai.provider.name'] },
  'vigil.operation.duration': { nameLabel: 'operation' },
};

const LATENCY_FNS = new Set(['quantile', 'avg', 'max', 'min', 'sum', 'value']);
/** A firing alert reads at most this many spans of its window: a busy 5 minutes stays a few milliseconds. */
const SCAN_LIMIT = 20_000;

interface Row {
  trace_id: string;
  name: string;
  attributes: string | null;
}

/** A rule's candidate spans, in order, as labels: read once per evaluation however many of its label sets fire. */
export type TraceCandidates = Map<string, Array<{ traceId: string; attrs: Record<string, unknown> }>>;

export function traceOf(db: DatabaseSync, loaded: LoadedRule, alert: AlertInstance, now: number, cache: TraceCandidates = new Map()): string | undefined {
  const { rule, expr } = loaded;
  if (expr) {
    const source = SPAN_SOURCES[expr.metric];
    if (!source) return undefined;
    const key = `${rule.name}\u0000${now}`;
    let candidates = cache.get(key);
    if (!candidates) cache.set(key, (candidates = candidatesOf(db, loaded, source, now)));
    // The alert's own label set (its `by` labels) narrows to its series.
    const by = expr.by ?? [];
    return candidates.find((c) => by.every((l) => String(c.attrs[l] ?? '') === (alert.labels[l] ?? '')))?.traceId;
  }
  if (rule.kind === 'error_group' || rule.kind === 'regression') {
    const fp = alert.labels['error_group'];
    if (!fp) return undefined;
    const r = db.prepare('SELECT trace_id FROM error_events WHERE fingerprint = ? AND trace_id IS NOT NULL ORDER BY time_ms DESC LIMIT 1').get(fp) as { trace_id: string } | undefined;
    return r?.trace_id;
  }
  if (rule.kind === 'slow_operation') {
    const name = alert.labels['operation'];
    if (!name) return undefined;
    const r = db
      .prepare('SELECT trace_id FROM spans WHERE name = ? AND start_ms >= ? AND trace_id IS NOT NULL ORDER BY duration_ms DESC LIMIT 1')
      .get(name, now - Math.max(rule.windowMs, DEFAULT_WINDOW_MS)) as { trace_id: string } | undefined;
    return r?.trace_id;
  }
  return undefined;
}

function candidatesOf(db: DatabaseSync, { expr }: LoadedRule, source: SpanSource, now: number): Array<{ traceId: string; attrs: Record<string, unknown> }> {
  const e = expr!;
  const order = LATENCY_FNS.has(e.fn) ? 'duration_ms DESC' : '(status_code = 2) DESC, start_ms DESC';
  const kind = source.kind !== undefined ? `AND kind = ${source.kind}` : '';
  const rows = db
    .prepare(`SELECT trace_id, name, attributes FROM spans WHERE start_ms >= ? AND start_ms <= ? AND trace_id IS NOT NULL ${kind} ORDER BY ${order} LIMIT ?`)
    .all(now - (e.windowMs ?? DEFAULT_WINDOW_MS), now, SCAN_LIMIT) as unknown as Row[];
  const out: Array<{ traceId: string; attrs: Record<string, unknown> }> = [];
  for (const r of rows) {
    const attrs = parseJson<Record<string, unknown>>(r.attributes, {});
    if (!attrs || typeof attrs !== 'object') continue;
    if (source.anyOf && !source.anyOf.some((a) => a in attrs)) continue;
    if (source.nameLabel) attrs[source.nameLabel] = r.name;
    if (e.pred(attrs)) out.push({ traceId: r.trace_id, attrs });
  }
  return out;
}
