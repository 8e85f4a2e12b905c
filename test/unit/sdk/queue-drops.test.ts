import { DiagLogLevel, diag, metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, expect, it } from 'vitest';
import { sayingQueueDropsOnce } from '../../../src/sdk/queue-drops.js';

afterEach(() => {
  diag.disable();
  metrics.disable();
});

it("says the SDK's queue-full drops once and counts every dropped span in vigil.export.dropped", async () => {
  const lines: string[] = [];
  const say = (m: string) => lines.push(m);
  diag.setLogger(sayingQueueDropsOnce({ error: say, warn: say, info: say, debug: () => {}, verbose: () => {} }), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

  const stored = new InMemorySpanExporter();
  const processor = new BatchSpanProcessor({ exporter: stored, maxQueueSize: 4, maxExportBatchSize: 4, scheduledDelayMillis: 60_000 });
  const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('t');
  // Two bursts: 10 spans into a queue of 4, a flush, then one more span (the SDK speaks when the queue takes one again).
  for (let burst = 0; burst < 2; burst++) {
    for (let i = 0; i < 10; i++) tracer.startSpan('s').end();
    await processor.forceFlush();
    tracer.startSpan('after').end();
  }
  await processor.forceFlush();

  const dropLines = lines.filter((l) => l.includes('maxQueueSize'));
  expect(dropLines).toHaveLength(1);
  expect(dropLines[0]).toMatch(/^vigil: Dropped \d+ spans because maxQueueSize reached .*OTEL_BSP_MAX_QUEUE_SIZE.*queue_full/);
  await reader.forceFlush();
  const dropped = metricExporter
    .getMetrics()
    .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
    .filter((m) => m.descriptor.name === 'vigil.export.dropped')
    .flatMap((m) => m.dataPoints)
    .filter((p) => p.attributes['reason'] === 'queue_full' && p.attributes['signal'] === 'traces');
  // Every span ended is either stored or counted as dropped: 22 in all, over both bursts.
  expect(stored.getFinishedSpans().length).toBeLessThan(22);
  expect(dropped.at(-1)?.value).toBe(22 - stored.getFinishedSpans().length);
  // Other warnings pass through unchanged.
  diag.warn('something else %d', 1);
  expect(lines.at(-1)).toBe('something else %d');
});
