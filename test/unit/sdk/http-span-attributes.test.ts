import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanLimits } from '@opentelemetry/sdk-trace';
import { expect, test } from 'vitest';
import { addOwnAttributes } from '../../../src/sdk/http/span-attributes.js';

function tracer(spanLimits?: SpanLimits) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanLimits, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  return { exporter, tracer: provider.getTracer('t') };
}

test('the sdk-trace span shape the direct write relies on is still there (default limits)', () => {
  const span = tracer().tracer.startSpan('s') as unknown as { _attributesCount: unknown; _spanLimits: { attributeValueLengthLimit: unknown; attributeCountLimit: unknown }; attributes: unknown };
  expect(span._attributesCount).toBe(0);
  expect(span._spanLimits.attributeValueLengthLimit).toBe(Infinity);
  expect(typeof span._spanLimits.attributeCountLimit).toBe('number');
  expect(span.attributes).toEqual({});
});

test('attributes land on the exported span, counted: the count limit still applies to what the app adds later', () => {
  const { exporter, tracer: t } = tracer({ attributeCountLimit: 4 });
  const span = t.startSpan('s');
  addOwnAttributes(span, { a: 'x', b: 2, skipped: undefined });
  addOwnAttributes(span, { a: 'y', c: 3 });
  span.setAttribute('d', 4);
  span.setAttribute('e', 5); // over the limit of 4: dropped by the SDK
  span.end();
  const [out] = exporter.getFinishedSpans();
  expect(out!.attributes).toEqual({ a: 'y', b: 2, c: 3, d: 4 });
  expect(out!.droppedAttributesCount).toBe(1);
});

test('limits set by configuration go through the SDK: values truncated, extras dropped', () => {
  const { exporter, tracer: t } = tracer({ attributeValueLengthLimit: 3, attributeCountLimit: 2 });
  const span = t.startSpan('s');
  addOwnAttributes(span, { 'user_agent.original': 'curl/8.5', 'url.path': '/patients', 'server.port': 80 });
  span.end();
  const [out] = exporter.getFinishedSpans();
  expect(out!.attributes).toEqual({ 'user_agent.original': 'cur', 'url.path': '/pa' });
});

test('a non-recording span takes nothing and does not throw', () => {
  const span = trace.wrapSpanContext({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 0 });
  expect(() => addOwnAttributes(span, { a: 1 })).not.toThrow();
});
