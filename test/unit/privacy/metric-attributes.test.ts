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

  // Issue 10, defect 2: values that identify no one used to become ":id", merging series.
  it('keeps codes, enumerations, fingerprints and job ids as they are; PHI still hashed or masked', () => {
    const r = strictRedactor();
    const kept = {
      'error.type': '500',
      'http.response.status_code': '503',
      'db.response.status_code': '2067',
      'sqlite.error.code': 'SQLITE_CONSTRAINT_UNIQUE',
      group: '9f1c2b3a4d5e6f70',
      'vigil.progress.job': 'import-2024-11-23',
      'job.id': 'b0f3a8c2-1d4e-4f5a-9b6c-7d8e9f0a1b2c',
      operation: 'emr.prescription',
    };
    expect(r.redactMetricAttributes(kept)).toEqual(kept);
    // Two fingerprints stay two series.
    expect(r.redactMetricAttributes({ group: 'aaaa1111bbbb2222' })).not.toEqual(r.redactMetricAttributes({ group: 'cccc3333dddd4444' }));
    const out = r.redactMetricAttributes({ 'patient.id': '123', 'url.path': `/patients/42/chart/${PHI.mrn}`, note: `for ${PHI.email} ${PHI.mrn}` });
    expect(out['patient.id']).toMatch(/^hmac:[0-9a-f]{32}$/);
    expect(out['url.path']).toBe('/patients/:id/chart/:id');
    expect(leaks(JSON.stringify(out))).toEqual([]);
  });

  it('a frozen set (redacted once and reused) is redacted again once a PHI value is declared', () => {
    const r = strictRedactor();
    const set = Object.freeze({ 'http.request.method': 'GET', 'url.path': '/wards/quackenbush', 'http.response.status_code': 200 });
    const first = r.redactMetricAttributes(set);
    expect(first['url.path']).toBe('/wards/quackenbush');
    expect(r.redactMetricAttributes(set)).toBe(first);
    r.declare({ name: 'Quackenbush' });
    expect(r.redactMetricAttributes(set)['url.path']).toBe('/wards/[PHI]');
    // An unfrozen map may change between calls: always redacted as it is now.
    const open: Record<string, string> = { 'url.path': '/a' };
    expect(r.redactMetricAttributes(open)['url.path']).toBe('/a');
    open['url.path'] = '/wards/Quackenbush';
    expect(r.redactMetricAttributes(open)['url.path']).toBe('/wards/[PHI]');
  });
});
