import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { attributesJson, listJson } from './json.js';
import { hrToMs, hrToMsFloat, hrToNsText } from './time.js';
import type { Row } from './types.js';

export const INSERT_SPAN = `INSERT INTO spans (
  trace_id, span_id, parent_span_id, name, kind, start_time_ns, end_time_ns, duration_ms,
  status_code, status_message, service_name, scope_name, attributes, events, links,
  start_ms, end_ms, remote_parent
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** One `spans` row. No unique index on span_id (migration 3): it was the costliest part of an insert. */
export function spanRow(span: ReadableSpan): Row {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  const service = span.resource.attributes['service.name'];
  return [
    ctx.traceId,
    ctx.spanId,
    parent?.spanId ?? null,
    span.name,
    span.kind,
    hrToNsText(span.startTime),
    hrToNsText(span.endTime),
    hrToMsFloat(span.duration),
    span.status.code,
    span.status.message ?? null,
    typeof service === 'string' ? service : null,
    span.instrumentationScope.name,
    attributesJson(span.attributes),
    // Most spans have neither: no array is made for them (NULL on disk).
    span.events.length === 0 ? null : listJson(span.events.map((e) => ({ name: e.name, time_ms: hrToMsFloat(e.time), attributes: e.attributes ?? {} }))),
    span.links.length === 0 ? null : listJson(span.links.map((l) => ({ trace_id: l.context.traceId, span_id: l.context.spanId, attributes: l.attributes ?? {} }))),
    hrToMs(span.startTime),
    hrToMs(span.endTime),
    parent?.isRemote ? 1 : 0,
  ];
}
