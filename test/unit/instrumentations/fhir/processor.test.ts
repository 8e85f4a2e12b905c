import { SpanKind } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { afterEach, expect, test } from 'vitest';
import { createFhirInstrumentation } from '../../../../instrumentations/fhir/index.js';
import { setupOtel } from '../otel.js';
import type { TestOtel } from '../otel.js';

let otel: TestOtel | undefined;
afterEach(async () => {
  await otel?.shutdown();
  otel = undefined;
});

// Spans as an HTTP instrumentation leaves them when they end, through the real processor.
function endSpans(extraResourceTypes: string[] | undefined, spans: [SpanKind, Attributes][]): { name: string; attributes: Attributes }[] {
  const fhir = createFhirInstrumentation(extraResourceTypes ? { extraResourceTypes } : {});
  otel = setupOtel([fhir], [fhir.spanProcessor]);
  const tracer = otel.tracerProvider.getTracer('test');
  for (const [kind, attributes] of spans) tracer.startSpan('GET', { kind, attributes }).end();
  return otel.spans.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes }));
}

const server = (route: string, path: string): [SpanKind, Attributes] => [SpanKind.SERVER, { 'http.request.method': 'GET', 'http.route': route, 'url.path': path }];

test('FHIR-looking requests are still made FHIR spans, whatever the route looks like', () => {
  const out = endSpans(undefined, [
    server('/fhir/Patient/:id', '/fhir/Patient/p-1'),
    server('/fhir/:type/:id', '/fhir/Observation/o-2'),
    server('/fhir/*splat', '/fhir/metadata'),
    server('/fhir/Patient/:id/$everything', '/fhir/Patient/p-1/$everything'),
    [SpanKind.CLIENT, { 'http.request.method': 'GET', 'url.full': 'http://ehr.local/baseR4/Encounter?patient=p-1' }],
  ]);
  expect(out.map((s) => s.name)).toEqual(['FHIR read Patient', 'FHIR read Observation', 'FHIR capabilities', 'FHIR operation $everything Patient', 'FHIR search Encounter']);
  expect(out[1]!.attributes['url.path']).toBe('/fhir/Observation/:id');
});

test('other requests are left alone, a literal route decided once and reused', () => {
  const out = endSpans(undefined, [
    server('/hello/:name', '/hello/world'),
    server('/api/visits', '/api/visits'),
    server('/api/visits', '/api/visits'),
    [SpanKind.CLIENT, { 'http.request.method': 'GET', 'url.full': 'http://Billing.local/api/invoices/7' }],
  ]);
  expect(out.map((s) => s.name)).toEqual(['GET', 'GET', 'GET', 'GET']);
  for (const s of out) expect(Object.keys(s.attributes).some((k) => k.startsWith('fhir.'))).toBe(false);
});

test('extra resource types that are not PascalCase are still recognised', () => {
  const out = endSpans(['labpanel'], [server('/x/:type/:id', '/x/labpanel/9'), server('/x/labpanel', '/x/labpanel')]);
  expect(out.map((s) => s.name)).toEqual(['FHIR read labpanel', 'FHIR search labpanel']);
});
