// Real SDK providers with in-memory export, handed to an instrumentation the
// way the SDK assembly does (setTracerProvider / setMeterProvider).
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Instrumentation } from '@opentelemetry/instrumentation';

class TestReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TestOtel {
  spans: InMemorySpanExporter;
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** Metrics by name, from a fresh collection. */
  collect(): Promise<Map<string, MetricData>>;
  shutdown(): Promise<void>;
}

export function setupOtel(instrumentations: Instrumentation[] = [], extraProcessors: SpanProcessor[] = []): TestOtel {
  const spans = new InMemorySpanExporter();
  const reader = new TestReader();
  const tracerProvider = new TracerProvider({ spanProcessors: [...extraProcessors, new SimpleSpanProcessor({ exporter: spans })] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const cm = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(cm);
  for (const i of instrumentations) {
    i.setTracerProvider(tracerProvider);
    i.setMeterProvider(meterProvider);
    i.enable();
  }
  return {
    spans,
    tracerProvider,
    meterProvider,
    async collect() {
      const { resourceMetrics } = await reader.collect();
      const out = new Map<string, MetricData>();
      for (const sm of resourceMetrics.scopeMetrics) for (const m of sm.metrics) out.set(m.descriptor.name, m);
      return out;
    },
    async shutdown() {
      for (const i of instrumentations) i.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      cm.disable();
      context.disable();
    },
  };
}

function matches(attrs: Attributes, want: Attributes): boolean {
  return Object.entries(want).every(([k, v]) => attrs[k] === v);
}

/** Data points of a metric whose attributes include `want`. */
export function points(metric: MetricData | undefined, want: Attributes = {}): DataPoint<unknown>[] {
  if (!metric) return [];
  return (metric.dataPoints as DataPoint<unknown>[]).filter((p) => matches(p.attributes, want));
}

export function histogramCount(metric: MetricData | undefined, want: Attributes = {}): number {
  return points(metric, want).reduce((n, p) => n + (p.value as Histogram).count, 0);
}

export function histogramSum(metric: MetricData | undefined, want: Attributes = {}): number {
  return points(metric, want).reduce((n, p) => n + (p.value as Histogram).sum, 0);
}

export function sumValue(metric: MetricData | undefined, want: Attributes = {}): number {
  return points(metric, want).reduce((n, p) => n + (p.value as number), 0);
}
