import { context, diag, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { Redactor } from './types.js';

/**
 * Redacts log records in `onEmit`, where the SDK allows changes; it must be
 * registered before the batch processor so the batch only holds redacted records.
 */
export class RedactingLogRecordProcessor implements LogRecordProcessor {
  private warned = false;

  private readonly redactor: Redactor;

  // No parameter properties: the sources also run under Node's type stripping.
  constructor(redactor: Redactor) {
    this.redactor = redactor;
  }

  onEmit(record: ReadWriteLogRecord, ctx?: Context): void {
    if (!this.redactor.enabled) return;
    try {
      // The request's span may carry the patient (`patient.name`, `/patients/:who`) before it ends;
      // the record's own attributes may too. Both are remembered before the body is masked.
      const span = trace.getSpan(ctx ?? context.active()) as Partial<ReadableSpan> | undefined;
      if (span?.attributes) this.redactor.noteAttributes(span.attributes);
      this.redactor.redactAttributesInPlace(record.attributes);
      const body = record.body;
      if (typeof body === 'string') {
        const redacted = this.redactor.redactText(body);
        if (redacted !== body) record.setBody(redacted);
      } else if (body !== null && typeof body === 'object') {
        record.setBody(this.redactor.redactValue(body));
      }
    } catch (err) {
      // Fail closed: better an empty record than an unredacted one.
      if (!this.warned) diag.warn(`vigil: log redaction failed, dropping record body: ${(err as Error).message}`);
      this.warned = true;
      record.setBody('[redaction failed]');
      const attributes = record.attributes as Record<string, unknown>;
      for (const key of Object.keys(attributes)) delete attributes[key];
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
