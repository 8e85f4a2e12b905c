// Real SDK providers registered globally, with in-memory exporters, for the
// developer-API tests (each vitest file runs in its own worker, so its own globals).
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData, ViewOptions } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface TestOtel {
  spans: InMemorySpanExporter;
  reader: CollectingReader;
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** All metrics collected now, by name. */
  collect(): Promise<Map<string, MetricData>>;
  shutdown(): Promise<void>;
}

export function registerOtel(views: ViewOptions[] = []): TestOtel {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader], views });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    reader,
    tracerProvider,
    meterProvider,
    async collect() {
      const { resourceMetrics } = await reader.collect();
      const out = new Map<string, MetricData>();
      for (const scope of resourceMetrics.scopeMetrics) for (const m of scope.metrics) out.set(m.descriptor.name, m);
      return out;
    },
    async shutdown() {
      trace.disable();
      metrics.disable();
      context.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** Sum of histogram counts of a metric whose points match `attrs`. */
export function histogramCount(metric: MetricData | undefined, attrs: Record<string, unknown> = {}): number {
  if (metric === undefined) return 0;
  let n = 0;
  for (const p of metric.dataPoints as DataPoint<Histogram>[]) {
    if (Object.entries(attrs).every(([k, v]) => p.attributes[k] === v)) n += p.value.count;
  }
  return n;
}

/** Sum of a counter's values on points matching `attrs`. */
export function counterValue(metric: MetricData | undefined, attrs: Record<string, unknown> = {}): number {
  if (metric === undefined) return 0;
  let n = 0;
  for (const p of metric.dataPoints as DataPoint<number>[]) {
    if (Object.entries(attrs).every(([k, v]) => p.attributes[k] === v)) n += p.value;
  }
  return n;
}
