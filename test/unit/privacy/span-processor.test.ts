import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { RedactingSpanProcessor } from '../../../src/privacy/index.js';
import { leaks, PHI, strictRedactor } from './phi.js';

function setup() {
  const exporter = new InMemorySpanExporter();
  // A processor after redaction, like the error tracker: it must see redacted data in onEnding too.
  const seenOnEnding: string[] = [];
  const observer: SpanProcessor = {
    onStart: () => {},
    onEnding: (span) => seenOnEnding.push(JSON.stringify({ n: span.name, a: span.attributes, e: span.events })),
    onEnd: () => {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const provider = new TracerProvider({
    spanProcessors: [new RedactingSpanProcessor(strictRedactor()), observer, new SimpleSpanProcessor({ exporter })],
  });
  return { exporter, provider, seenOnEnding, tracer: provider.getTracer('golden') };
}

function serialise(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    links: span.links.map((l) => l.attributes),
  });
}

describe('RedactingSpanProcessor (golden)', () => {
  let provider: TracerProvider | undefined;
  afterEach(async () => provider?.shutdown());

  it('leaves no PHI in name, attributes, events or status, and hashes the patient equally across spans', async () => {
    const s = setup();
    provider = s.provider;
    for (let i = 0; i < 2; i++) {
      const span = s.tracer.startSpan(`GET /patients/${PHI.mrn}/notes/${i + 17}`, {
        attributes: { 'http.request.method': 'GET', 'url.path': `/patients/${PHI.mrn}` },
      });
      span.setAttributes({
        'patient.name': PHI.name,
        'url.query': `name=${encodeURIComponent(PHI.name)}&ssn=${PHI.ssn}`,
        'url.full': `http://emr.local/patients?email=${PHI.email}`,
        'http.request.header.x-patient-name': PHI.name,
        'http.request.header.user-agent': 'curl/8.5.0',
        'app.note': `caller ${PHI.phone} re ${PHI.ssn}`,
      });
      span.addEvent(`lookup for ${PHI.email}`, { detail: `MRN: ${PHI.mrnDigits}`, 'patient.name': PHI.name });
      span.recordException(new Error(`patient ${PHI.mrn} (${PHI.email}) not found`));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `failed for ${PHI.ssn} / ${PHI.phone}` });
      span.end();
    }
    const spans = s.exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(leaks(serialise(span))).toEqual([]);
    for (const seen of s.seenOnEnding) expect(leaks(seen)).toEqual([]);

    const [a, b] = spans;
    expect(a.name).toBe('GET /patients/:id/notes/:id');
    expect(a.attributes['patient.name']).toMatch(/^hmac:/);
    expect(a.attributes['patient.name']).toBe(b.attributes['patient.name']);
    expect(a.attributes['http.request.header.x-patient-name']).toBeUndefined();
    expect(a.attributes['http.request.header.user-agent']).toBe('curl/8.5.0');
    expect(a.attributes['http.request.method']).toBe('GET');
    expect(a.attributes['url.query']).toBe('name=[REDACTED]&ssn=[REDACTED]');
    expect(a.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed for [SSN] / [PHONE]' });
    expect(a.events[1].attributes?.['exception.message']).toBe('patient [MRN] ([EMAIL]) not found');
  });

  it('leaves a clean HTTP span untouched', async () => {
    const s = setup();
    provider = s.provider;
    const attributes = {
      'http.request.method': 'GET',
      'http.route': '/patients/:id',
      'url.path': '/patients',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'server.address': 'emr.local',
    };
    s.tracer.startSpan('GET /patients/:id', { attributes }).end();
    const [span] = s.exporter.getFinishedSpans();
    expect(span.name).toBe('GET /patients/:id');
    expect(span.attributes).toEqual(attributes);
  });
});
