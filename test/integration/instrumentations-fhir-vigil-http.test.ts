import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, expect, test } from 'vitest';
import { createFhirInstrumentation } from '../../instrumentations/fhir/index.js';
import { createHttpServerInstrumentation } from '../../src/sdk/http/instrumentation.js';
import { histogramCount, setupOtel } from '../unit/instrumentations/otel.js';

// Vigil's own lean HTTP server instrumentation (url.path / url.query attributes) feeding the FHIR processor.
const fhir = createFhirInstrumentation();
const otel = setupOtel([createHttpServerInstrumentation(), fhir], [fhir.spanProcessor]);
afterAll(() => otel.shutdown());

test('server spans from Vigil\'s HTTP instrumentation become FHIR spans', async () => {
  const server = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r4`;
  for (const [method, path] of [
    ['GET', '/Patient/991?_elements=name'],
    ['PUT', '/Patient/991'],
    ['GET', '/MedicationRequest?subject=Patient/991'],
  ]) {
    await (await fetch(base + path, { method, body: method === 'PUT' ? '{}' : undefined })).text();
  }
  await new Promise<void>((r) => server.close(() => r()));
  const spans = otel.spans.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
  expect(spans.map((s) => s.name)).toEqual(['FHIR read Patient', 'FHIR update Patient', 'FHIR search MedicationRequest']);
  expect(spans[0].attributes).toMatchObject({ 'url.path': '/r4/Patient/:id', 'url.query': '_elements=?', 'fhir.interaction': 'read' });
  expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('991');
  const m = (await otel.collect()).get('fhir.operation.duration');
  expect(histogramCount(m, { 'fhir.resource_type': 'Patient', 'fhir.side': 'server' })).toBe(2);
});
