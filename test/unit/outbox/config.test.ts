import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveMaxOutboxBytes, resolveTarget } from '../../../exporters/outbox/config.js';

describe('OTLP/HTTP settings from env, as the upstream exporters read them', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('defaults to localhost:4318/v1/<signal>, protobuf, 10 s', () => {
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
      vi.stubEnv(name, '');
    }
    const t = resolveTarget('traces', {});
    expect(t.url).toBe('http://localhost:4318/v1/traces');
    expect(t.contentType).toBe('application/x-protobuf');
    expect(t.timeoutMillis).toBe(10_000);
  });

  it('appends v1/<signal> to the generic endpoint and uses the per-signal one as is', () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318/base');
    vi.stubEnv('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'http://logs.example/ingest');
    expect(resolveTarget('metrics', {}).url).toBe('http://collector:4318/base/v1/metrics');
    expect(resolveTarget('logs', {}).url).toBe('http://logs.example/ingest');
    expect(resolveTarget('logs', { url: 'http://code.example/x' }).url).toBe('http://code.example/x');
  });

  it('merges generic and per-signal headers, code options last', () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'authorization=Bearer%20a,x-a=1');
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'x-a=2');
    const t = resolveTarget('traces', { headers: { 'x-b': '3' } });
    expect(t.headers).toEqual({ authorization: 'Bearer a', 'x-a': '2', 'x-b': '3' });
  });

  it('reads timeout, protocol and compression, per signal first', () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TIMEOUT', '3000');
    vi.stubEnv('OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', '1500');
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    vi.stubEnv('OTEL_EXPORTER_OTLP_COMPRESSION', 'gzip');
    expect(resolveTarget('metrics', {}).timeoutMillis).toBe(1_500);
    expect(resolveTarget('traces', {}).timeoutMillis).toBe(3_000);
    expect(resolveTarget('traces', {}).contentType).toBe('application/json');
    expect(resolveTarget('traces', { protocol: 'http/protobuf' }).contentType).toBe('application/x-protobuf');
    expect(resolveTarget('traces', {}).compression).toBe('gzip');
  });

  it('caps the outbox at VIGIL_OUTBOX_MAX_MB, 100 MB by default', () => {
    vi.stubEnv('VIGIL_OUTBOX_MAX_MB', '');
    expect(resolveMaxOutboxBytes()).toBe(100 * 1024 * 1024);
    vi.stubEnv('VIGIL_OUTBOX_MAX_MB', '2');
    expect(resolveMaxOutboxBytes()).toBe(2 * 1024 * 1024);
    expect(resolveMaxOutboxBytes(0.5)).toBe(512 * 1024);
    vi.stubEnv('VIGIL_OUTBOX_MAX_MB', '-3');
    expect(resolveMaxOutboxBytes()).toBe(100 * 1024 * 1024);
  });
});
