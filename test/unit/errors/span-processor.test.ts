import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker, ErrorSpanProcessor } from '../../../src/errors/index.js';
import type { ErrorTracker } from '../../../src/errors/index.js';
import { events, groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

function chargeCard(): never {
  throw new RangeError('card 4111 declined');
}

describe('ErrorSpanProcessor', () => {
  let t: TempDb;
  let tr: ErrorTracker;
  let provider: TracerProvider;
  let exporter: InMemorySpanExporter;
  const cm = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    context.setGlobalContextManager(cm.enable());
  });
  afterAll(() => {
    context.disable();
  });
  beforeEach(() => {
    t = tempDb();
    tr = createErrorTracker({ db: () => t.db });
    exporter = new InMemorySpanExporter();
    provider = new TracerProvider({ spanProcessors: [new ErrorSpanProcessor(tr), new SimpleSpanProcessor({ exporter })] });
  });
  afterEach(async () => {
    await provider.shutdown();
    t.close();
  });

  it('turns a span that recorded an exception and ended with status ERROR into an error event', async () => {
    const span = provider.getTracer('test').startSpan('POST /payments', { attributes: { 'http.request.method': 'POST', 'http.route': '/payments', 'secret.note': 'x' } });
    try {
      chargeCard();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    }
    span.end();
    await provider.forceFlush();
    const [e] = events(t.db);
    expect(e).toMatchObject({ type: 'RangeError', message: 'card 4111 declined', trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(JSON.parse(e.tags)).toEqual({ 'span.name': 'POST /payments' });
    expect(JSON.parse(e.context!).span.attributes).toEqual({ 'http.request.method': 'POST', 'http.route': '/payments' });
    const stack = JSON.parse(e.stack);
    expect(stack.frames[0]).toMatchObject({ function: 'chargeCard', inApp: true });
    expect(groups(t.db)[0].culprit).toMatch(/^chargeCard \(/);
  });

  it('ignores spans without an error, and errors without an exception event', async () => {
    const tracer = provider.getTracer('test');
    tracer.startSpan('fine').end();
    const s = tracer.startSpan('500 without exception');
    s.setStatus({ code: SpanStatusCode.ERROR });
    s.end();
    const handled = tracer.startSpan('handled exception');
    handled.recordException(new Error('retried fine'));
    handled.end();
    await provider.forceFlush();
    expect(events(t.db)).toHaveLength(0);
  });

  it('counts a span exception once when the application captures the same error after the span ended', async () => {
    const tracer = provider.getTracer('test');
    const span = tracer.startSpan('charge');
    let error: Error | undefined;
    try {
      chargeCard();
    } catch (err) {
      error = err as Error;
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
    // Outside any span, as an uncaught-exception handler would: the same failure, not a second one.
    tr.captureException(error, { level: 'fatal' });
    await provider.forceFlush();
    expect(groups(t.db)).toHaveLength(1);
    expect(groups(t.db)[0].count).toBe(1);
    expect(groups(t.db)[0].level).toBe('fatal');
  });

  it('records the active span on captureException, and does not count the same exception twice', async () => {
    const tracer = provider.getTracer('test');
    await tracer.startActiveSpan('GET /visits/:id', async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      try {
        chargeCard();
      } catch (err) {
        tr.captureException(err);
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
    await provider.forceFlush();
    const rows = events(t.db);
    expect(rows).toHaveLength(1);
    const [span] = exporter.getFinishedSpans();
    expect(rows[0]).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('counts an exception recorded by a span and again by its ancestors once; failed siblings stay apart', async () => {
    const tracer = provider.getTracer('test');
    const fail = (span: { recordException(e: Error): void; setStatus(s: { code: SpanStatusCode }): void }, err: Error) => {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR });
    };
    tracer.startActiveSpan('GET /cards', (request) => {
      tracer.startActiveSpan('handler', (handler) => {
        let last: Error | undefined;
        for (let i = 0; i < 2; i++) {
          const db = tracer.startSpan('INSERT cards');
          try {
            chargeCard();
          } catch (err) {
            last = err as Error;
            fail(db, last);
          }
          db.end();
        }
        fail(handler, last!);
        handler.end();
        fail(request, last!);
      });
      request.end();
    });
    await provider.forceFlush();
    const rows = events(t.db);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => JSON.parse(r.tags)['span.name'])).toEqual(['INSERT cards', 'INSERT cards']);
  });

  it('keeps three errors the application captured from one throw site as three events; the same object twice is one', async () => {
    const tracer = provider.getTracer('test');
    await tracer.startActiveSpan('POST /import', async (span) => {
      for (let i = 0; i < 3; i++) {
        try {
          chargeCard();
        } catch (err) {
          tr.captureException(err);
          if (i === 2) tr.captureException(err); // captured again on the way out
        }
      }
      span.end();
    });
    await provider.forceFlush();
    expect(events(t.db)).toHaveLength(3);
  });
});
