import { describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { BreadcrumbLogProcessor, BreadcrumbSpanProcessor, createErrorTracker } from '../../../src/errors/index.js';

describe('breadcrumbs from spans and logs', () => {
  it('records incoming requests at start, outgoing calls at end, and log lines', () => {
    const tracker = createErrorTracker({ db: () => undefined, metrics: false });
    const provider = new TracerProvider({ spanProcessors: [new BreadcrumbSpanProcessor(tracker)] });
    const tracer = provider.getTracer('t');
    const server = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/patients/7' } });
    // Before the request ends, it is already a breadcrumb: a crash inside it still shows it.
    expect(tracker.breadcrumbs().map((b) => b.message)).toEqual(['GET /patients/7']);
    const db = tracer.startSpan('SELECT patients', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'sqlite' } });
    db.setStatus({ code: SpanStatusCode.ERROR });
    db.end();
    tracer.startSpan('internal work').end();
    server.end();
    const logs = new LoggerProvider({ processors: [new BreadcrumbLogProcessor(tracker)] });
    logs.getLogger('l').emit({ body: 'visit saved', severityNumber: 9 });
    const crumbs = tracker.breadcrumbs();
    expect(crumbs.map((b) => [b.category, b.message, b.level ?? 'info'])).toEqual([
      ['http', 'GET /patients/7', 'info'],
      ['db', 'SELECT patients', 'error'],
      ['log', 'visit saved', 'info'],
    ]);
  });
});
