import { metrics } from '@opentelemetry/api';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import { groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

class PullReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

describe('vigil.errors metric', () => {
  let t: TempDb;
  let reader: PullReader;
  let provider: MeterProvider;
  beforeEach(() => {
    t = tempDb();
    reader = new PullReader();
    provider = new MeterProvider({ readers: [reader] });
  });
  afterEach(async () => {
    metrics.disable();
    await provider.shutdown();
    t.close();
  });

  it('counts stored events by group and type, on a meter provider registered after the tracker was made', async () => {
    const tr = createErrorTracker({ db: () => t.db, beforeSend: (e) => (e.message === 'drop' ? null : e) });
    metrics.setGlobalMeterProvider(provider);
    tr.captureException(new TypeError('a'));
    tr.captureException(new TypeError('a'));
    tr.captureException(new RangeError('b'));
    tr.captureException(new Error('drop'));
    await tr.flush();
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'vigil.errors');
    expect(metric?.dataPointType).toBe(DataPointType.SUM);
    const points = metric!.dataPoints.map((p) => [p.attributes.type, p.attributes.group, p.value]);
    const fp = Object.fromEntries(groups(t.db).map((g) => [g.type, g.fingerprint]));
    expect(points.sort()).toEqual([['RangeError', fp.RangeError, 1], ['TypeError', fp.TypeError, 2]]);
  });
});
