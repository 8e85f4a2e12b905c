import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Histogram, Meter, Span, Tracer } from '@opentelemetry/api';
import { DURATION_BUCKETS } from '../../src/metrics/buckets.js';
import type { DbOperation } from './types.js';

/** The one `db.client.operation.duration` histogram shape, for every database client Vigil traces. */
export function createDbDurationHistogram(meter: Meter): Histogram {
  return meter.createHistogram('db.client.operation.duration', {
    unit: 's',
    description: 'Duration of database client operations.',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
  });
}

/** An operation in flight: its client span and when it started. */
export interface InFlight {
  span: Span;
  op: DbOperation;
  start: number;
}

export function startOperation(tracer: Tracer, op: DbOperation): InFlight {
  return { span: tracer.startSpan(op.spanName, { kind: SpanKind.CLIENT, attributes: op.spanAttributes }), op, start: performance.now() };
}

/**
 * Ends the span and records one histogram point. A failure sets `error.type`
 * on both, which is what the default alert rule and the dashboard count as
 * a database failure.
 */
export function endOperation(f: InFlight, duration: Histogram, err: unknown, rows?: number): void {
  const seconds = (performance.now() - f.start) / 1000;
  const { span, op } = f;
  if (err === undefined || err === null) {
    if (rows !== undefined) span.setAttribute('db.response.returned_rows', rows);
    span.end();
    duration.record(seconds, op.metricAttributes);
    return;
  }
  const { errorType, statusCode } = describeDbError(err);
  if (statusCode !== undefined) span.setAttribute('db.response.status_code', statusCode);
  span.setAttribute('error.type', errorType);
  if (err instanceof Error) span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : undefined });
  span.end();
  duration.record(seconds, { ...op.metricAttributes, 'error.type': errorType });
}

// Redis error replies: ioredis' ReplyError, node-redis' ErrorReply and its RESP3 subclasses.
const REPLY_ERRORS = new Set(['ReplyError', 'ErrorReply', 'SimpleError', 'BlobError']);

/**
 * `db.response.status_code` and `error.type` from a driver's error: SQLite's
 * numeric `errcode`, PostgreSQL's SQLSTATE `code`, MySQL's `ER_…` code, a
 * Redis reply's prefix (`WRONGTYPE`, `ERR`); else the error's class name.
 */
export function describeDbError(err: unknown): { errorType: string; statusCode: string | undefined } {
  const e = err as { errcode?: unknown; code?: unknown; syscall?: unknown; name?: unknown; message?: unknown; constructor?: { name?: unknown } } | null;
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : undefined;
  let statusCode: string | undefined;
  if (typeof e?.errcode === 'number') statusCode = String(e.errcode);
  // A socket error's code (ECONNREFUSED) is not the server's answer.
  else if (code !== undefined && e?.syscall === undefined) statusCode = code;
  else if (typeof e?.message === 'string' && (REPLY_ERRORS.has(String(e.name)) || REPLY_ERRORS.has(String(e.constructor?.name)))) {
    statusCode = /^[A-Z]+\b/.exec(e.message)?.[0];
  }
  const errorType = statusCode ?? code ?? (typeof e?.name === 'string' ? e.name : '_OTHER');
  return { errorType, statusCode };
}
