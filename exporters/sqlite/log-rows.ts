import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { attributesJson, toJson } from './json.js';
import { hrToMs, hrToNsText } from './time.js';
import type { Row } from './types.js';

export const INSERT_MESSAGE = `INSERT INTO messages (
  time_ns, time_ms, severity_number, severity_text, body, trace_id, span_id, service_name, scope_name, attributes
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** One `messages` row; a string body is stored as is, anything else as JSON. */
export function messageRow(log: ReadableLogRecord): Row {
  // A record without a timestamp has hrTime [0,0]; the observed time is when it happened for us.
  const time = log.hrTime[0] === 0 && log.hrTime[1] === 0 ? log.hrTimeObserved : log.hrTime;
  const service = log.resource.attributes['service.name'];
  const body = log.body === undefined ? null : typeof log.body === 'string' ? log.body : toJson(log.body);
  const attributes = log.eventName ? { ...log.attributes, 'event.name': log.eventName } : log.attributes;
  return [
    hrToNsText(time),
    hrToMs(time),
    log.severityNumber ?? null,
    log.severityText ?? null,
    body,
    log.spanContext?.traceId ?? null,
    log.spanContext?.spanId ?? null,
    typeof service === 'string' ? service : null,
    log.instrumentationScope.name,
    attributesJson(attributes),
  ];
}
