import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { createRedactingView } from '../../../src/privacy/index.js';
import { leaks, PHI, strictRedactor } from './phi.js';

describe('metric attributes', () => {
  it('no identifier or PHI becomes a Prometheus label', async () => {
    const reader = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [reader], views: [createRedactingView(strictRedactor())] });
    const meter = provider.getMeter('golden');
    const histogram = meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    const counter = meter.createCounter('emr.patients.created');
    for (const id of ['123', '456']) {
      histogram.record(0.05, { 'http.request.method': 'GET', 'url.path': `/patients/${id}/chart/${PHI.mrn}`, 'url.query': `ssn=${PHI.ssn}` });
    }
    counter.add(1, { 'patient.name': PHI.name, 'patient.id': '123', 'app.contact': PHI.email, 'http.request.header.cookie': 'sid' });
    const { resourceMetrics } = await reader.collect();
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    expect(leaks(text)).toEqual([]);
    expect(text).not.toContain('patients/123');
    expect(text).not.toContain('cookie');
    // Two ids, one series: the path collapsed to a template.
    expect(text).toContain('url_path="/patients/:id/chart/:id"');
    expect(text).toMatch(/http_server_request_duration_count\{[^}]*\} 2/);
    // The bucket advice still applies through the redacting view.
    expect(text).toContain('le="0.1"');
    expect(text).toContain('url_query="ssn=[REDACTED]"');
    expect(text).toMatch(/patient_name="hmac:[0-9a-f]{32}"/);
    await provider.shutdown();
  });
});
