import { diag, metrics } from '@opentelemetry/api';
import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, expect, it } from 'vitest';
import { captureQueueDrops } from '../../helpers/queue-drops.js';

afterEach(() => {
  diag.disable();
  metrics.disable();
});

it("says the SDK's queue-full drops once and counts every dropped span in vigil.export.dropped", async () => {
  const { lines, droppedSpans } = captureQueueDrops();

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
  const dropped = await droppedSpans();
  // Every span ended is either stored or counted as dropped: 22 in all, over both bursts.
  expect(stored.getFinishedSpans().length).toBeLessThan(22);
  expect(dropped).toBe(22 - stored.getFinishedSpans().length);
  // Other warnings pass through unchanged.
  diag.warn('something else %d', 1);
  expect(lines.at(-1)).toBe('something else %d');
});
