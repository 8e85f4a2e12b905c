import { createRequire } from 'node:module';
import type * as NodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createFhirInstrumentation } from '../../instrumentations/fhir/index.js';
import { histogramCount, setupOtel } from '../unit/instrumentations/otel.js';

// Upstream HTTP server spans and undici (fetch) client spans, made FHIR spans by the processor.
const fhir = createFhirInstrumentation();
const http = new HttpInstrumentation();
const undici = new UndiciInstrumentation();
const otel = setupOtel([http, undici, fhir], [fhir.spanProcessor]);
// Required after enable(): the require hook hands out the patched module.
const nodeHttp = createRequire(import.meta.url)('node:http') as typeof NodeHttp;

let base = '';
let server: NodeHttp.Server;
beforeAll(async () => {
  server = nodeHttp.createServer((req, res) => {
    res.setHeader('content-type', 'application/fhir+json');
    res.end(JSON.stringify({ resourceType: 'Bundle', url: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await otel.shutdown();
});

test('fetch → FHIR server: client and server spans named and attributed, ids and search values gone', async () => {
  const calls: [string, string][] = [
    ['GET', '/Patient/pat-7731'],
    ['GET', '/Observation?patient=pat-7731&code=8867-4'],
    ['POST', '/Patient'],
    ['GET', '/Patient/pat-7731/_history/3'],
    ['GET', '/Patient/pat-7731/$everything'],
    ['GET', '/metadata'],
  ];
  for (const [method, path] of calls) {
    const res = await fetch(base + path, { method, body: method === 'POST' ? '{}' : undefined });
    await res.text();
  }
  await new Promise((r) => setTimeout(r, 50));
  const spans = otel.spans.getFinishedSpans();
  const named = (kind: SpanKind) => spans.filter((s) => s.kind === kind).map((s) => s.name);
  const want = ['FHIR read Patient', 'FHIR search Observation', 'FHIR create Patient', 'FHIR vread Patient', 'FHIR operation $everything Patient', 'FHIR capabilities'];
  expect(named(SpanKind.CLIENT)).toEqual(want);
  expect(named(SpanKind.SERVER)).toEqual(want);
  const search = spans.filter((s) => s.name === 'FHIR search Observation');
  for (const s of search) expect(s.attributes).toMatchObject({ 'fhir.resource_type': 'Observation', 'fhir.interaction': 'search' });
  const client = search.find((s) => s.kind === SpanKind.CLIENT)!;
  expect(client.attributes['url.full']).toBe(`${base}/Observation?patient=?&code=?`);
  const dump = JSON.stringify(spans.map((s) => [s.name, s.attributes]));
  expect(dump).not.toContain('pat-7731');
  expect(dump).not.toContain('8867');

  const m = (await otel.collect()).get('fhir.operation.duration');
  expect(m?.descriptor.unit).toBe('s');
  expect(histogramCount(m, { 'fhir.resource_type': 'Patient', 'fhir.interaction': 'read', 'fhir.side': 'client' })).toBe(1);
  expect(histogramCount(m, { 'fhir.resource_type': 'Patient', 'fhir.interaction': 'read', 'fhir.side': 'server' })).toBe(1);
  expect(histogramCount(m, { 'fhir.interaction': 'capabilities' })).toBe(2);
  expect(histogramCount(m)).toBe(12);
});

test('non-FHIR URLs are left alone', async () => {
  otel.spans.reset();
  await (await fetch(base.replace('/fhir', '/api/patients/42'))).text();
  await new Promise((r) => setTimeout(r, 50));
  const names = otel.spans.getFinishedSpans().map((s) => s.name);
  expect(names).toHaveLength(2);
  for (const n of names) expect(n).not.toMatch(/^FHIR/);
});
