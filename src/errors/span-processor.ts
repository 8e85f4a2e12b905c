import { SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ErrorTracker } from './types.js';

/** Span attributes copied into the event's context: enough to find the request, not the whole span. */
const KEPT_ATTRIBUTE_PREFIXES = ['http.', 'url.path', 'url.scheme', 'db.system', 'db.operation', 'rpc.', 'server.', 'code.'];

/**
 * Turns every ended span with status ERROR and an `exception` event into an
 * error event, so zero-code users get error tracking from instrumentations.
 * A span without an error costs one status check and one map lookup; an
 * exception that ancestors record again is counted once (see claims.ts).
 * Add it after the
 * redaction processor so the attributes it copies are already redacted.
 */
export class ErrorSpanProcessor implements SpanProcessor {
  constructor(private readonly tracker: Pick<ErrorTracker, 'captureSpanException' | 'spanEnded' | 'flush'>) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (span.status.code === SpanStatusCode.ERROR) this.capture(span);
    // After the capture: the span's claims, its own included, pass to its parent.
    this.tracker.spanEnded(span.spanContext().spanId, span.parentSpanContext?.spanId);
  }

  private capture(span: ReadableSpan): void {
    const events = span.events;
    // The last exception is the one that ended the span; earlier ones may have been handled.
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e.name !== 'exception') continue;
      const a = e.attributes ?? {};
      const ctx = span.spanContext();
      this.tracker.captureSpanException({
        type: str(a['exception.type']),
        message: str(a['exception.message']) ?? span.status.message,
        stacktrace: str(a['exception.stacktrace']),
        traceId: ctx.traceId,
        spanId: ctx.spanId,
        spanName: span.name,
        timeMs: hrTimeToMilliseconds(e.time),
        attributes: pick(span.attributes),
      });
      return;
    }
  }

  forceFlush(): Promise<void> {
    return this.tracker.flush();
  }

  shutdown(): Promise<void> {
    return this.tracker.flush();
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === undefined ? undefined : String(v);
}

function pick(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (KEPT_ATTRIBUTE_PREFIXES.some((p) => k.startsWith(p))) out[k] = v;
  }
  return out;
}
