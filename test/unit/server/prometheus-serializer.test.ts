import { describe, expect, it } from 'vitest';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { createFastSerializer } from '../../../src/server/prometheus-serializer.js';

describe('the fast Prometheus serializer', () => {
  it('writes exactly what the upstream serializer writes', async () => {
    const reader = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'clinic "a"\\b' }) });
    const meter = provider.getMeter('scope-a', '1.2.3');
    const other = provider.getMeter('scope-b');
    const hist = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration', advice: { explicitBucketBoundaries: [0.01, 0.1, 1] } });
    hist.record(0.05, { 'http.route': '/patients/:id', 'http.response.status_code': 200 });
    hist.record(3, { 'http.route': '/patients/:id', 'http.response.status_code': 200 });
    hist.record(0.001, { 'http.route': 'quote"and\\back\nline' });
    meter.createCounter('emr.patients.created').add(3, { ward: 'A' });
    meter.createUpDownCounter('emr.consultations.active').add(-2);
    other.createGauge('vigil.health.score').record(88.5);
    other.createCounter('weird-name.with-dash').add(1, { 'key.with-dash': true, n: 1.5 });
    const { resourceMetrics } = await reader.collect();
    const upstream = new PrometheusSerializer().serialize(resourceMetrics);
    const fast = createFastSerializer().serialize(resourceMetrics);
    expect(fast).toBe(upstream);
    expect(fast).toContain('http_server_request_duration_bucket{http_route="/patients/:id",http_response_status_code="200",otel_scope_name="scope-a",otel_scope_version="1.2.3",le="+Inf"} 2');
    await provider.shutdown();
  });
});
