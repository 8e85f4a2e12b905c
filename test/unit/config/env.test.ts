import { describe, expect, it } from 'vitest';
import { DiagLogLevel } from '@opentelemetry/api';
import { loadConfig } from '../../../src/config/index.js';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/app');

describe('loadConfig from the environment', () => {
  it('has offline defaults: sqlite everywhere, prometheus beside it, server on 127.0.0.1:9464', () => {
    const { config, problems } = load({});
    expect(problems.lines).toEqual([]);
    expect(config.traces.exporters).toEqual(['sqlite']);
    expect(config.metrics.exporters).toEqual(['sqlite', 'prometheus']);
    expect(config.logs.exporters).toEqual(['sqlite']);
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 9464, allowedHosts: [] });
    expect(config.dataDir).toBe('/srv/app/data');
    expect(config.retentionDays).toBe(90);
    expect(config.redaction).toBe('strict');
    expect(config.instrumentations).toContain('http');
  });

  it('keeps the good exporters and refuses an unknown one in one line', () => {
    const { config, problems } = load({ OTEL_TRACES_EXPORTER: 'otlp,zipkinn' });
    expect(config.traces.exporters).toEqual(['otlp']);
    expect(problems.lines).toEqual(['OTEL_TRACES_EXPORTER: unknown value "zipkinn" (accepted: sqlite, otlp, console, none); ignored']);
  });

  it('a mistyped exporter keeps the default in one line instead of turning the signal off', () => {
    const { config, problems } = load({ OTEL_TRACES_EXPORTER: 'otpl', OTEL_METRICS_EXPORTER: 'promethus' });
    expect(config.traces.exporters).toEqual(['sqlite']);
    expect(config.metrics.exporters).toEqual(['sqlite', 'prometheus']);
    expect(problems.lines).toEqual([
      'OTEL_TRACES_EXPORTER: unknown value "otpl" (accepted: sqlite, otlp, console, none); using the default sqlite',
      'OTEL_METRICS_EXPORTER: unknown value "promethus" (accepted: sqlite, prometheus, otlp, console, none); using the default sqlite,prometheus',
    ]);
  });

  it('none turns a signal off', () => {
    expect(load({ OTEL_LOGS_EXPORTER: 'none' }).config.logs.exporters).toEqual([]);
  });

  it('refuses a port out of range and turns the server off', () => {
    const { config, problems } = load({ VIGIL_PORT: '70000' });
    expect(config.server.port).toBe(0);
    expect(problems.lines[0]).toMatch(/^VIGIL_PORT: "70000" .* the telemetry server is off$/);
  });

  it('reads per-signal OTLP protocol before the general one', () => {
    const { config } = load({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' });
    expect(config.traces.protocol).toBe('http/json');
    expect(config.metrics.protocol).toBe('http/protobuf');
  });

  it('accepts grpc (its exporter is imported only then) and refuses an unknown protocol once', () => {
    const { config, problems } = load({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(config.traces.protocol).toBe('grpc');
    expect(problems.lines).toEqual([]);
    const bad = load({ OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' }).problems.lines;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('OTEL_EXPORTER_OTLP_PROTOCOL: "thrift" is not accepted');
  });

  it('selects instrumentations by short name', () => {
    expect(load({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express' }).config.instrumentations).toEqual(['http', 'express']);
    const { config, problems } = load({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'host-metrics,nope' });
    expect(config.instrumentations).not.toContain('host-metrics');
    expect(config.instrumentations).toContain('runtime-node');
    expect(problems.lines[0]).toContain('OTEL_NODE_DISABLED_INSTRUMENTATIONS: unknown value "nope"');
  });

  it('reads OTEL_LOG_LEVEL case-insensitively', () => {
    expect(load({ OTEL_LOG_LEVEL: 'INFO' }).config.logLevel).toBe(DiagLogLevel.INFO);
    expect(load({ OTEL_LOG_LEVEL: 'loud' }).problems.lines[0]).toContain('OTEL_LOG_LEVEL');
  });

  it('validates the sampler and its argument', () => {
    const { config, problems } = load({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(config.traces.sampler).toBe('traceidratio');
    expect(config.traces.samplerArg).toBe(1);
    expect(problems.lines[0]).toContain('OTEL_TRACES_SAMPLER_ARG');
  });

  it('reads batch settings and keeps the batch within the queue', () => {
    const { config } = load({ OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '900', OTEL_BSP_MAX_QUEUE_SIZE: '500', OTEL_BSP_SCHEDULE_DELAY: '100' });
    expect(config.traces.batch).toEqual({ maxExportBatchSize: 500, maxQueueSize: 500, scheduledDelayMillis: 100 });
  });

  it('refuses a non-http crash report URL', () => {
    const { config, problems } = load({ CRASH_REPORT_URL: 'ftp://x' });
    expect(config.crashReportUrl).toBeUndefined();
    expect(problems.lines[0]).toContain('CRASH_REPORT_URL');
  });
});
