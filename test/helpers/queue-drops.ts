import { DiagLogLevel, diag, metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { sayingQueueDropsOnce } from '../../src/sdk/queue-drops.js';

/**
 * Vigil's diag logger (queue-full drops said once) writing into `lines`, and a
 * global meter provider whose `vigil.export.dropped` can be read back. The
 * caller disables both (`diag.disable()`, `metrics.disable()`) after the test.
 */
export function captureQueueDrops(): { lines: string[]; droppedSpans: () => Promise<number | undefined> } {
  const lines: string[] = [];
  const say = (m: string) => lines.push(m);
  diag.setLogger(sayingQueueDropsOnce({ error: say, warn: say, info: say, debug: () => {}, verbose: () => {} }), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  /** The last cumulative count of spans dropped with reason `queue_full`. */
  const droppedSpans = async (): Promise<number | undefined> => {
    await reader.forceFlush();
    return exporter
      .getMetrics()
      .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .filter((m) => m.descriptor.name === 'vigil.export.dropped')
      .flatMap((m) => m.dataPoints)
      .filter((p) => p.attributes['reason'] === 'queue_full' && p.attributes['signal'] === 'traces')
      .at(-1)?.value as number | undefined;
  };
  return { lines, droppedSpans };
}
