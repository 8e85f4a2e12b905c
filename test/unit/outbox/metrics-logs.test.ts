import { describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InstrumentType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { createOutboxLogExporter, createOutboxMetricExporter } from '../../../exporters/outbox/index.js';
import { outboxRows, waitFor, useBackend } from './helpers.js';

class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

describe('metrics and logs go through the same outbox', () => {
  const t = useBackend();

  it('queues a protobuf metrics request on 503 and replays the same bytes to /v1/metrics', async () => {
    t.server.script.push({ status: 503, headers: { 'Retry-After': '0' } });
    const exporter = createOutboxMetricExporter({ url: `${t.server.url}/v1/metrics`, db: () => t.store.db, initialBackoffMs: 10 });
    expect(exporter.selectAggregationTemporality?.(InstrumentType.COUNTER)).toBe(AggregationTemporality.CUMULATIVE);
    const reader = new PullReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('clinic').createCounter('emr.visits.saved').add(3);
    const { resourceMetrics } = await reader.collect();

    const result = await new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const queued = Buffer.from(outboxRows(t.store.db, 'metrics')[0].body);

    await waitFor(() => t.server.received.length === 1, 'the metrics replay');
    const [got] = t.server.received;
    expect(got.path).toBe('/v1/metrics');
    expect(got.headers['content-type']).toBe('application/x-protobuf');
    expect(got.body.equals(queued)).toBe(true);
    expect(got.body.includes(Buffer.from('emr.visits.saved'))).toBe(true);
    await exporter.shutdown();
    await provider.shutdown();
  });

  it('queues log records on 503 and replays them to /v1/logs', async () => {
    t.server.script.push({ status: 503, headers: { 'Retry-After': '0' } });
    const exporter = createOutboxLogExporter({ url: `${t.server.url}/v1/logs`, db: () => t.store.db, initialBackoffMs: 10 });
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    provider.getLogger('clinic').emit({ body: 'visit saved', severityText: 'INFO' });
    await waitFor(() => t.server.received.length === 1, 'the logs replay');
    const [got] = t.server.received;
    expect(got.path).toBe('/v1/logs');
    expect(got.body.includes(Buffer.from('visit saved'))).toBe(true);
    await provider.shutdown();
  });
});
