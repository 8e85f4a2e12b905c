// Issue 10, defect 1: durations recorded in seconds against the SDK's default
// boundaries [0, 5, 10 … 10000] (meant for ms) all landed in le="5".
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, test } from 'vitest';
import { emr } from '../../../instrumentations/emr/index.js';
import { monitored } from '../../../src/api/index.js';
import { DURATION_BUCKETS, metrics } from '../../../src/metrics/index.js';
import { withPrometheusUnits } from '../../../src/metrics/prometheus-names.js';
import { buildViews } from '../../../src/sdk/views.js';
import { intervalQuantile, intervalsOf } from '../../../src/store/histogram.js';
import { registerOtel } from '../api/otel.js';

function point(m: MetricData | undefined): DataPoint<Histogram> {
  expect(m, 'metric collected').toBeDefined();
  return m!.dataPoints[0] as DataPoint<Histogram>;
}

describe('duration histograms (default views, Prometheus on: explicit buckets)', () => {
  const otel = registerOtel(buildViews({ exponential: false }));
  afterAll(() => otel.shutdown());

  test('metrics.timing: 99 × 1 ms and 1 × 4 s give p50 ≈ 1 ms, p99 within its bucket', async () => {
    for (let i = 0; i < 99; i++) metrics.timing('app.lookup', 1);
    metrics.timing('app.lookup', 4000);
    const p = point((await otel.collect()).get('app.lookup'));
    expect(p.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    const le = (b: number) => p.value.buckets.counts.slice(0, p.value.buckets.boundaries.indexOf(b) + 1).reduce((a, c) => a + c, 0);
    expect(le(0.001)).toBe(99);
    expect(le(0.0005)).toBe(0);
    expect(le(5)).toBe(100);
    // Read back the way the hourly rollup does (buckets JSON as the SQLite exporter stores it).
    const intervals = intervalsOf(JSON.stringify(p.value.buckets));
    expect(intervalQuantile(intervals, 0.5, p.value.min, p.value.max)).toBeCloseTo(0.001, 6);
    expect(intervalQuantile(intervals, 0.9, p.value.min, p.value.max)).toBeCloseTo(0.001, 6);
  });

  test('monitored() and emr.* use the same seconds boundaries', async () => {
    await monitored('buckets.op', async () => 1)();
    emr.patientSearch(() => []);
    const all = await otel.collect();
    expect(point(all.get('vigil.operation.duration')).value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    expect(all.get('vigil.operation.duration')!.descriptor.unit).toBe('s');
    expect(point(all.get('emr.patient.search.duration')).value.buckets.boundaries).toEqual(DURATION_BUCKETS);
  });

  test('on /metrics the unit is in the name: _seconds, counters _total after it', async () => {
    metrics.timing('app.render', 2);
    metrics.count('app.jobs', 1);
    const { resourceMetrics } = await otel.reader.collect();
    const text = new PrometheusSerializer().serialize(withPrometheusUnits(resourceMetrics));
    expect(text).toContain('# TYPE app_render_seconds histogram');
    expect(text).toMatch(/app_render_seconds_bucket\{[^}]*le="0.0025"\} 1/);
    expect(text).toContain('# UNIT vigil_operation_duration_seconds seconds');
    expect(text).toMatch(/^app_jobs_total\{/m);
    expect(text).not.toMatch(/^app_render_bucket/m);
  });
});
