import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { GaugeMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { createHealth } from '../../../src/health/registry.js';

class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

async function gauges(reader: TestReader): Promise<Map<string, GaugeMetricData>> {
  const { resourceMetrics } = await reader.collect();
  const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics) as GaugeMetricData[];
  return new Map(all.map((m) => [m.descriptor.name, m]));
}

describe('health metrics', () => {
  it('exposes vigil.health.status{check} and vigil.health.score from the cache', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const health = createHealth({ meter: provider.getMeter('@vigil/otel') });
    let runs = 0;
    health.register('db', () => (runs++, true), { critical: true });
    health.register('backup', () => ({ status: 'warn', output: 'old' }));
    health.register('ollama', () => false);

    health.start();
    await health.runNow();
    const before = runs;
    const m = await gauges(reader);
    expect(runs).toBe(before); // collection reads the cache, it runs nothing
    const status = Object.fromEntries(m.get('vigil.health.status')!.dataPoints.map((p) => [p.attributes.check, p.value]));
    expect(status).toEqual({ db: 1, backup: 0.5, ollama: 0 });
    // (3·1 + 1·0.5 + 1·0) / 5 = 70
    expect(m.get('vigil.health.score')!.dataPoints[0]!.value).toBe(70);
    // Each collection reads the latest cached result.
    health.register('ollama', () => true);
    await health.runNow('ollama');
    const again = await gauges(reader);
    const ollama = again.get('vigil.health.status')!.dataPoints.find((p) => p.attributes.check === 'ollama');
    expect(ollama!.value).toBe(1);
    // 90 by the weights, but backup still warns: capped below a "healthy" score (verdict.ts).
    expect(again.get('vigil.health.score')!.dataPoints[0]!.value).toBe(89);
    health.stop();
    await provider.shutdown();
  });
});
