import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { parseJson } from './json.js';
import { spanWhere } from './span-filter.js';
import { spansOfTrace } from './spans.js';
import type { SpanRecord, Window } from './types.js';

// The trace explorer's two questions: which traces match, and one trace whole.

export interface TraceQuery extends Window {
  service?: string;
  /** Matches the root operation's name or `http.route`, case-insensitive substring. */
  operation?: string;
  /** Only traces with an ERROR span anywhere in them. */
  errors?: boolean;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** `key=value` on any span of the trace (numbers compared as numbers). */
  attribute?: { key: string; value: string };
  traceId?: string;
  limit?: number;
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  rootService: string | null;
  startMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

interface SummaryRow {
  trace_id: string;
  name: string;
  service_name: string | null;
  start_ms: number;
  duration_ms: number;
  span_count: number;
  error_count: number;
  services: string | null;
}

/**
 * Traces whose root started in the window and matches, newest first. A
 * trace that crosses two local services has two local roots (no parent, or a
 * remote one); it is listed once, by its true root when stored (two
 * processes' clocks can disagree by more than a loopback hop), else by its
 * earliest local root.
 */
export function searchTraces(db: DatabaseSync, q: TraceQuery): TraceSummary[] {
  // The window, the service and "local roots only" are the store's span filter; in the outer
  // WHERE its bare column names are those of `t`.
  const base = spanWhere({ fromMs: q.fromMs, toMs: q.toMs, serviceName: q.service, rootsOnly: true });
  const where = [base.sql];
  const params: SQLInputValue[] = [...base.params];
  if (q.traceId) {
    where.push('t.trace_id = ?');
    params.push(q.traceId.toLowerCase());
  }
  if (q.operation) {
    where.push("(instr(lower(t.name), lower(?)) > 0 OR instr(lower(COALESCE(json_extract(t.attributes, '$.\"http.route\"'), '')), lower(?)) > 0)");
    params.push(q.operation, q.operation);
  }
  if (q.minDurationMs !== undefined) {
    where.push('t.duration_ms >= ?');
    params.push(q.minDurationMs);
  }
  if (q.maxDurationMs !== undefined) {
    where.push('t.duration_ms <= ?');
    params.push(q.maxDurationMs);
  }
  if (q.errors) where.push('EXISTS (SELECT 1 FROM spans e WHERE e.trace_id = t.trace_id AND e.status_code = 2)');
  if (q.attribute) {
    const n = Number(q.attribute.value);
    where.push(`EXISTS (SELECT 1 FROM spans a WHERE a.trace_id = t.trace_id AND json_extract(a.attributes, ?) IN (?, ?))`);
    params.push(`$."${q.attribute.key.replace(/"/g, '')}"`, q.attribute.value, Number.isFinite(n) ? n : q.attribute.value);
  }
  // One row per trace: its true root when stored, else its earliest local root.
  const rows = db
    .prepare(
      `SELECT t.trace_id, t.name, t.service_name, t.start_ms, t.duration_ms,
        (SELECT COUNT(*) FROM spans c WHERE c.trace_id = t.trace_id) AS span_count,
        (SELECT COUNT(*) FROM spans c WHERE c.trace_id = t.trace_id AND c.status_code = 2) AS error_count,
        (SELECT group_concat(DISTINCT s.service_name) FROM spans s WHERE s.trace_id = t.trace_id) AS services
      FROM spans t
      WHERE ${where.join(' AND ')}
        AND NOT EXISTS (SELECT 1 FROM spans r WHERE r.trace_id = t.trace_id AND r.rowid != t.rowid AND (r.parent_span_id IS NULL OR r.remote_parent = 1)
          AND ((r.parent_span_id IS NULL) > (t.parent_span_id IS NULL)
            OR ((r.parent_span_id IS NULL) = (t.parent_span_id IS NULL) AND (r.start_ms < t.start_ms OR (r.start_ms = t.start_ms AND r.rowid < t.rowid)))))
      ORDER BY t.start_ms DESC LIMIT ?`,
    )
    .all(...params, q.limit ?? 200) as unknown as SummaryRow[];
  return rows.map((r) => ({
    traceId: r.trace_id,
    rootName: r.name,
    rootService: r.service_name,
    startMs: r.start_ms,
    durationMs: r.duration_ms,
    spanCount: r.span_count,
    errorCount: r.error_count,
    services: (r.services ?? '').split(',').filter(Boolean).sort(),
  }));
}

export interface TraceSpan extends SpanRecord {
  depth: number;
  /** On the critical path: the chain of spans the trace's end waited on. */
  critical: boolean;
  childCount: number;
}

export interface TraceLog {
  timeMs: number;
  severity: string | null;
  body: string;
  spanId: string | null;
  serviceName: string | null;
}

export interface TraceError {
  id: string;
  fingerprint: string;
  timeMs: number;
  type: string | null;
  message: string | null;
  spanId: string | null;
  stack: string | null;
}

export interface TraceDetail {
  traceId: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  services: string[];
  /** Depth-first, children in start order: the waterfall's rows. */
  spans: TraceSpan[];
  logs: TraceLog[];
  errors: TraceError[];
}

/** One trace whole: its span tree with depth and critical path, its log lines and its error events (`bare`: spans without attributes, events, links). */
export function traceDetail(db: DatabaseSync, traceId: string, bare = false): TraceDetail | undefined {
  const spans = spansOfTrace(db, traceId.toLowerCase(), bare);
  if (spans.length === 0) return undefined;
  const ordered = spanTree(spans);
  const logs = (
    db.prepare('SELECT time_ms, severity_text, body, span_id, service_name FROM messages WHERE trace_id = ? ORDER BY time_ms, id').all(traceId.toLowerCase()) as {
      time_ms: number;
      severity_text: string | null;
      body: string | null;
      span_id: string | null;
      service_name: string | null;
    }[]
  ).map((r) => ({ timeMs: r.time_ms, severity: r.severity_text, body: bodyText(r.body), spanId: r.span_id, serviceName: r.service_name }));
  const errors = (
    db.prepare('SELECT id, fingerprint, time_ms, type, message, span_id, stack FROM error_events WHERE trace_id = ? ORDER BY time_ms').all(traceId.toLowerCase()) as {
      id: string;
      fingerprint: string;
      time_ms: number;
      type: string | null;
      message: string | null;
      span_id: string | null;
      stack: string | null;
    }[]
  ).map((r) => ({ id: r.id, fingerprint: r.fingerprint, timeMs: r.time_ms, type: r.type, message: r.message, spanId: r.span_id, stack: stackText(r.stack) }));
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs));
  return {
    traceId: traceId.toLowerCase(),
    startMs,
    endMs,
    durationMs: endMs - startMs,
    services: [...new Set(spans.map((s) => s.serviceName ?? ''))].filter(Boolean).sort(),
    spans: ordered,
    logs,
    errors,
  };
}

/** Error events keep their stack as JSON (raw text and parsed frames): the raw text is what a person reads. */
function stackText(stack: string | null): string | null {
  if (stack === null) return null;
  const parsed = parseJson<{ raw?: unknown }>(stack, { raw: stack });
  return typeof parsed.raw === 'string' ? parsed.raw : stack;
}

function bodyText(body: string | null): string {
  if (body === null) return '';
  const parsed = parseJson<unknown>(body, body);
  return typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
}

/**
 * Depth-first order with depths; spans whose parent is not stored (another
 * service's, or not yet written) become roots. The critical path runs back
 * from the end of each root: at each span, the child that ended last before
 * the point reached, then the one before it, as Jaeger draws it.
 */
export function spanTree(spans: SpanRecord[]): TraceSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  const critical = new Set<string>();
  const markCritical = (span: SpanRecord): void => {
    critical.add(span.spanId);
    let cursor = span.endMs;
    const kids = [...(children.get(span.spanId) ?? [])].sort((a, b) => b.endMs - a.endMs);
    for (const kid of kids) {
      // A child of another process may seem to end after its parent (clock skew): it still counts, up to the cursor.
      if (kid.startMs < cursor && kid.endMs > span.startMs) {
        markCritical(kid);
        cursor = Math.min(cursor, kid.startMs);
      }
    }
  };
  const out: TraceSpan[] = [];
  const seen = new Set<string>();
  const visit = (s: SpanRecord, depth: number): void => {
    if (seen.has(s.spanId)) return; // a cycle in bad data never loops
    seen.add(s.spanId);
    const kids = (children.get(s.spanId) ?? []).sort((a, b) => a.startMs - b.startMs);
    out.push({ ...s, depth, critical: critical.has(s.spanId), childCount: kids.length });
    for (const k of kids) visit(k, depth + 1);
  };
  roots.sort((a, b) => a.startMs - b.startMs);
  if (roots[0]) markCritical(roots.reduce((a, b) => (b.endMs - b.startMs > a.endMs - a.startMs ? b : a)));
  for (const r of roots) visit(r, 0);
  return out;
}
