// Issue 10, defect 2: series are bounded by the cardinality limit, not by rewriting values.
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { buildViews } from '../../../src/sdk/views.js';
import { strictRedactor } from '../privacy/phi.js';

class Reader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

describe('buildViews (strict redaction)', () => {
  it('keeps distinct fingerprints as distinct series up to the limit, then one overflow series', async () => {
    const reader = new Reader();
    const provider = new MeterProvider({ readers: [reader], views: buildViews({ redactor: strictRedactor(), exponential: false, cardinalityLimit: 4 }) });
    const errors = provider.getMeter('@vigil/otel').createCounter('vigil.errors');
    const groups = ['9f1c2b3a4d5e6f70', 'aaaa1111bbbb2222', 'cccc3333dddd4444', '1234abcd5678ef90', 'ffff0000eeee1111'];
    for (const group of groups) errors.add(1, { group, type: 'TypeError' });
    const { resourceMetrics } = await reader.collect();
    const points = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints;
    const seen = points.map((p) => p.attributes.group).filter((g) => g !== undefined);
    expect(seen).toEqual(groups.slice(0, 3));
    expect(points.find((p) => p.attributes['otel.metric.overflow'] === true)?.value).toBe(2);
    expect(points.reduce((n, p) => n + (p.value as number), 0)).toBe(5);
    await provider.shutdown();
  });
});
