import { parseDuration } from '../health/duration.js';
import type { ExemplarQuery, TraceDetail, TraceQuery } from '../store/index.js';

/** The trace search as a person types it: in the dashboard's query string and as the CLI's options. */
export interface TraceSearchInput {
  service?: unknown;
  operation?: unknown;
  errors?: unknown;
  /** Minimum duration: `500ms`, `2s`, or milliseconds. */
  min?: unknown;
  max?: unknown;
  /** How far back: `1h`, `24h`, `7d`… (default 1h). */
  window?: unknown;
  /** Or an explicit range in epoch ms (a brushed region of the scatter). */
  from?: unknown;
  to?: unknown;
  /** `key=value` on any span of the trace. */
  attr?: unknown;
  trace?: unknown;
  limit?: unknown;
}

const MAX_WINDOW_MS = 31 * 86_400_000;
const TRACE_ID = /^[0-9a-f]{32}$/i;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : undefined;
}

/** The query, or the one line that says which field is wrong. */
export function parseTraceSearch(input: TraceSearchInput, now: number): TraceQuery | { error: string } {
  const q: Partial<TraceQuery> = {};
  const from = input.from === undefined ? undefined : Number(input.from);
  const to = input.to === undefined ? undefined : Number(input.to);
  if (from !== undefined || to !== undefined) {
    if (!Number.isFinite(from) || !Number.isFinite(to) || (from as number) >= (to as number)) return { error: 'from and to must be epoch milliseconds with from < to' };
    q.fromMs = from;
    q.toMs = to;
  } else {
    const span = parseDuration(text(input.window) ?? '1h');
    if (span === undefined || span <= 0 || span > MAX_WINDOW_MS) return { error: 'window must be a duration up to 31d, like 1h, 24h, 7d' };
    q.fromMs = now - span;
    q.toMs = now + 1;
  }
  for (const [key, field] of [['min', 'minDurationMs'], ['max', 'maxDurationMs']] as const) {
    const raw = text(input[key]);
    if (raw === undefined) continue;
    const ms = parseDuration(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
    if (ms === undefined) return { error: `${key} must be a duration like 500ms or 2s` };
    q[field] = ms;
  }
  const attr = text(input.attr);
  if (attr !== undefined) {
    const eq = attr.indexOf('=');
    if (eq <= 0) return { error: 'attr must be key=value, like http.response.status_code=500' };
    q.attribute = { key: attr.slice(0, eq).trim(), value: attr.slice(eq + 1).trim() };
  }
  const trace = text(input.trace);
  if (trace !== undefined) {
    if (!TRACE_ID.test(trace)) return { error: 'trace must be a 32-character hex trace id' };
    q.traceId = trace.toLowerCase();
  }
  q.service = text(input.service);
  q.operation = text(input.operation);
  q.errors = input.errors === true || input.errors === '1' || input.errors === 'true';
  const limit = input.limit === undefined ? 200 : Number(input.limit);
  q.limit = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 200;
  return q as TraceQuery;
}

export function isTraceId(id: string): boolean {
  return TRACE_ID.test(id);
}

/** A latency chart point's exemplars: its time bucket (`from`, `to` in epoch ms), optionally one operation or service. */
export function parseExemplarQuery(input: { from?: unknown; to?: unknown; operation?: unknown; service?: unknown }): ExemplarQuery | { error: string } {
  const from = Number(input.from);
  const to = Number(input.to);
  if (input.from === undefined || input.to === undefined || !Number.isFinite(from) || !Number.isFinite(to) || from >= to || to - from > MAX_WINDOW_MS) {
    return { error: 'from and to must be epoch milliseconds with from < to, at most 31d apart' };
  }
  const q: ExemplarQuery = { fromMs: from, toMs: to };
  const operation = text(input.operation);
  const service = text(input.service);
  if (operation !== undefined) q.operation = operation;
  if (service !== undefined) q.service = service;
  return q;
}

const SPAN_ID = /^[0-9a-f]{16}$/i;

export function isSpanId(id: string): boolean {
  return SPAN_ID.test(id);
}

/** The compact waterfall's span fields, in the order of each row. */
export const COMPACT_COLUMNS = ['spanId', 'parentSpanId', 'name', 'kind', 'offsetMs', 'durationMs', 'statusCode', 'statusMessage', 'service', 'depth', 'critical', 'childCount'] as const;

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * `/api/traces/:id?compact=1`: what the waterfall paints first, a third of
 * the full answer's size. Rows are arrays under `columns`, a span's start is
 * `offsetMs` from the trace's start and its service an index into
 * `services`, times are rounded to the microsecond; attributes, events and
 * links are left out (`/api/traces/:id/spans/:spanId` has them).
 */
export function compactTrace(t: TraceDetail): CompactTrace {
  const service = new Map(t.services.map((s, i) => [s, i]));
  return {
    ...t,
    columns: COMPACT_COLUMNS,
    spans: t.spans.map((s) => [s.spanId, s.parentSpanId, s.name, s.kind, round(s.startMs - t.startMs), round(s.durationMs), s.statusCode, s.statusMessage, service.get(s.serviceName ?? '') ?? -1, s.depth, s.critical ? 1 : 0, s.childCount]),
  };
}

export interface CompactTrace extends Omit<TraceDetail, 'spans'> {
  columns: typeof COMPACT_COLUMNS;
  spans: (string | number | null)[][];
}
