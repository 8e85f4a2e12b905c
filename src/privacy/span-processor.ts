import { diag } from '@opentelemetry/api';
import type { Attributes, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Redactor } from './types.js';

type MutableSpan = Span & { status: SpanStatus };
type MutableEvent = { name: string; attributes?: Attributes };

/**
 * Redacts spans in `onEnding`, the last moment the SDK span is still
 * mutable: every processor added after this one (error tracking, batch,
 * exporters) and everything they store or send sees only redacted data.
 * Must be the first processor of the pipeline.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  private warned = false;

  private readonly redactor: Redactor;

  // No parameter properties: the sources also run under Node's type stripping.
  constructor(redactor: Redactor) {
    this.redactor = redactor;
  }

  onStart(): void {}

  onEnding(span: Span): void {
    if (!this.redactor.enabled) return;
    try {
      this.redactSpan(span as MutableSpan);
    } catch (err) {
      // Fail closed: a span we could not redact carries nothing but its timing.
      if (!this.warned) diag.warn(`vigil: span redaction failed, dropping span details: ${(err as Error).message}`);
      this.warned = true;
      const attributes = span.attributes as Record<string, unknown>;
      for (const key of Object.keys(attributes)) delete attributes[key];
      span.events.length = 0;
      span.updateName('redacted');
    }
  }

  private redactSpan(span: MutableSpan): void {
    const r = this.redactor;
    // Attributes first: the PHI they declare is then masked in the name, events and status.
    r.redactAttributesInPlace(span.attributes);
    const events = span.events as MutableEvent[];
    if (events.length > 0) for (const event of events) if (event.attributes) r.redactAttributesInPlace(event.attributes);
    const name = r.redactSpanName(span.name);
    if (name !== span.name) span.updateName(name);
    if (events.length > 0) for (const event of events) event.name = r.redactText(event.name);
    for (const link of span.links) if (link.attributes) r.redactAttributesInPlace(link.attributes);
    const message = span.status.message;
    if (message) {
      const redacted = r.redactText(message);
      if (redacted !== message) span.status = { ...span.status, message: redacted };
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
