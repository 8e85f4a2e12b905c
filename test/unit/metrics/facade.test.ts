import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, test } from 'vitest';
import { metrics } from '../../../src/metrics/index.js';
import { counterValue, registerOtel } from '../api/otel.js';

describe('metrics facade', () => {
  // Registered after the module loaded: the facade must pick the provider up.
  const otel = registerOtel();
  afterAll(() => otel.shutdown());

  test('timing records seconds on a histogram, tags become attributes', async () => {
    metrics.timing('app.render', 250, { page: 'home' });
    metrics.timing('app.render', 750, { page: 'home' });
    const m = (await otel.collect()).get('app.render')!;
    expect(m.descriptor.unit).toBe('s');
    expect(m.dataPointType).toBe(DataPointType.HISTOGRAM);
    const [p] = m.dataPoints as DataPoint<Histogram>[];
    expect(p.attributes).toEqual({ page: 'home' });
    expect(p.value.count).toBe(2);
    expect(p.value.sum).toBeCloseTo(1.0, 9);
  });

  test('count adds (default 1) and gauge keeps the last value', async () => {
    metrics.count('app.jobs', 1, { queue: 'a' });
    metrics.count('app.jobs', 4, { queue: 'a' });
    metrics.count('app.jobs', undefined, { queue: 'b' });
    metrics.gauge('app.queue.depth', 10, { queue: 'a' });
    metrics.gauge('app.queue.depth', 3, { queue: 'a' });
    const all = await otel.collect();
    expect(counterValue(all.get('app.jobs'), { queue: 'a' })).toBe(5);
    expect(counterValue(all.get('app.jobs'), { queue: 'b' })).toBe(1);
    expect(all.get('app.queue.depth')!.dataPointType).toBe(DataPointType.GAUGE);
    expect(counterValue(all.get('app.queue.depth'), { queue: 'a' })).toBe(3);
  });
});
