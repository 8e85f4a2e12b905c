import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ErrorTracker } from './types.js';

type Crumbs = Pick<ErrorTracker, 'addBreadcrumb'>;

/**
 * Breadcrumbs from spans: each incoming request when it starts (so a crash
 * inside it still shows it), each outgoing call (HTTP, database, LLM) when
 * it ends. The tracker redacts breadcrumbs before they are stored.
 */
export class BreadcrumbSpanProcessor implements SpanProcessor {
  // The route is not known yet when a request starts: its path is masked segment by segment (privacy room).
  constructor(
    private readonly tracker: Crumbs,
    private readonly redactPath: (path: string) => string = (path) => path,
  ) {}

  onStart(span: Span, _ctx: Context): void {
    if (span.kind !== SpanKind.SERVER) return;
    const a = span.attributes;
    const path = a['url.path'] === undefined ? '' : this.redactPath(String(a['url.path']));
    this.tracker.addBreadcrumb({ category: 'http', message: `${String(a['http.request.method'] ?? span.name)} ${path}`.trim() });
  }

  onEnd(span: ReadableSpan): void {
    if (span.kind !== SpanKind.CLIENT) return;
    const a = span.attributes;
    const category = a['db.system.name'] !== undefined || a['db.system'] !== undefined ? 'db' : a['gen_ai.operation.name'] !== undefined ? 'llm' : 'http';
    this.tracker.addBreadcrumb({
      category,
      message: span.name,
      level: span.status.code === SpanStatusCode.ERROR ? 'error' : 'info',
      data: { durationMs: Math.round(hrTimeToMilliseconds(span.duration) * 10) / 10, status: a['http.response.status_code'] },
    });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Log lines as breadcrumbs (after redaction, which runs first in the log pipeline). */
export class BreadcrumbLogProcessor implements LogRecordProcessor {
  constructor(private readonly tracker: Crumbs) {}

  onEmit(record: ReadWriteLogRecord): void {
    const body = record.body;
    this.tracker.addBreadcrumb({
      category: 'log',
      message: typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body ?? '').slice(0, 200),
      level: (record.severityNumber ?? 9) >= 17 ? 'error' : (record.severityNumber ?? 9) >= 13 ? 'warning' : 'info',
    });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
