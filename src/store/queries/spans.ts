import type { DatabaseSync } from 'node:sqlite';
import { parseJson } from './json.js';
import { spanWhere } from './span-filter.js';
import type { SpanFilter, SpanRecord } from './types.js';

// The _ns columns are left out on purpose: they exceed 2^53 and node:sqlite refuses to read them as numbers.
const COLUMNS = `trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code,
  status_message, service_name, scope_name, attributes, events, links`;
/** The same without the JSON columns: what a waterfall paints, not parsed for thousands of spans. */
const BARE = COLUMNS.replace('attributes, events, links', 'NULL AS attributes, NULL AS events, NULL AS links');

interface Row {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: number;
  start_ms: number;
  end_ms: number;
  duration_ms: number;
  status_code: number;
  status_message: string | null;
  service_name: string | null;
  scope_name: string | null;
  attributes: string | null;
  events: string | null;
  links: string | null;
}

function toRecord(r: Row): SpanRecord {
  return {
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
    name: r.name,
    kind: r.kind,
    startMs: r.start_ms,
    endMs: r.end_ms,
    durationMs: r.duration_ms,
    statusCode: r.status_code,
    statusMessage: r.status_message,
    serviceName: r.service_name,
    scopeName: r.scope_name,
    attributes: parseJson(r.attributes, {}),
    events: parseJson(r.events, []),
    links: parseJson(r.links, []),
  };
}

/** Spans started in the window, newest first (limit default 1000). */
export function spansInWindow(db: DatabaseSync, filter: SpanFilter & { limit?: number }): SpanRecord[] {
  const { sql, params } = spanWhere(filter);
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM spans WHERE ${sql} ORDER BY start_ms DESC LIMIT ?`)
    .all(...params, filter.limit ?? 1000) as unknown as Row[];
  return rows.map(toRecord);
}

/** One span of one trace: its attributes and events, which the waterfall's compact answer leaves out. */
export function spanOfTrace(db: DatabaseSync, traceId: string, spanId: string): SpanRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM spans WHERE trace_id = ? AND span_id = ? LIMIT 1`).get(traceId, spanId) as unknown as Row | undefined;
  return row ? toRecord(row) : undefined;
}

/** Every stored span of one trace, in start order; `bare`: attributes, events and links left empty. */
export function spansOfTrace(db: DatabaseSync, traceId: string, bare = false): SpanRecord[] {
  const rows = db.prepare(`SELECT ${bare ? BARE : COLUMNS} FROM spans WHERE trace_id = ? ORDER BY start_ms`).all(traceId) as unknown as Row[];
  return rows.map(toRecord);
}
