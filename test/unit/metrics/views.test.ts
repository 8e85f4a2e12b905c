import { AggregationType, DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { DataPoint, ExponentialHistogram } from '@opentelemetry/sdk-metrics';
import { metrics as otelMetrics } from '@opentelemetry/api';
import { afterAll, describe, expect, test } from 'vitest';
import { monitored } from '../../../src/api/index.js';
import { metrics, performanceViews } from '../../../src/metrics/index.js';
import { registerOtel } from '../api/otel.js';

describe('performanceViews()', () => {
  const otel = registerOtel(performanceViews({ cardinalityLimit: 5 }));
  afterAll(() => otel.shutdown());

  test('shape: exponential for Vigil histograms and http.server.request.duration, a limit on every view', () => {
    const views = performanceViews();
    expect(views.every((v) => v.aggregationCardinalityLimit === 2000)).toBe(true);
    const exp = views.filter((v) => v.aggregation?.type === AggregationType.EXPONENTIAL_HISTOGRAM);
    expect(exp.map((v) => v.meterName ?? v.instrumentName)).toEqual(['@vigil/otel', 'http.server.request.duration']);
    expect(views.filter((v) => v.instrumentType === InstrumentType.HISTOGRAM)).toHaveLength(2);
  });

  test('operation durations, facade timings and http.server.request.duration export as exponential histograms', async () => {
    monitored('views.op', () => 1)();
    metrics.timing('views.timing', 12);
    otelMetrics.getMeter('http-instr').createHistogram('http.server.request.duration').record(0.2);
    otelMetrics.getMeter('db-instr').createHistogram('db.client.operation.duration').record(0.01);
    const all = await otel.collect();
    for (const name of ['vigil.operation.duration', 'views.timing', 'http.server.request.duration']) {
      const m = all.get(name)!;
      expect(m.dataPointType, name).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
      expect((m.dataPoints[0] as DataPoint<ExponentialHistogram>).value.count).toBe(1);
    }
    // Histograms no view selects keep the SDK default (explicit buckets), exported once.
    expect(all.get('db.client.operation.duration')!.dataPointType).toBe(DataPointType.HISTOGRAM);
  });

  test('the cardinality limit folds extra attribute sets into the overflow point', async () => {
    for (let i = 0; i < 50; i++) metrics.count('views.runaway', 1, { user: `u${i}` });
    const m = (await otel.collect()).get('views.runaway')!;
    expect(m.dataPoints).toHaveLength(5);
    expect(m.dataPoints.some((p) => p.attributes['otel.metric.overflow'] === true)).toBe(true);
    expect(m.dataPoints.reduce((n, p) => n + (p.value as number), 0)).toBe(50);
  });
});
