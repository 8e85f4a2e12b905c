import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMetricExporter } from '../../../exporters/sqlite/index.js';
import { intervalQuantile, intervalsOf } from '../../../src/store/histogram.js';
import type { Store } from '../../../src/store/types.js';
import { freshStore } from '../store/helpers.js';

interface Row {
  time_ms: number;
  name: string;
  type: string;
  unit: string;
  attributes: string;
  value: number | null;
  count: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  buckets: string | null;
  service_name: string;
  temporality: string;
}

describe('SqliteMetricExporter', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  function setup(): { provider: MeterProvider; exporter: SqliteMetricExporter } {
    const exporter = new SqliteMetricExporter({ store });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'emr-clinic' }),
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
      views: [{ instrumentName: 'db.client.operation.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    return { provider, exporter };
  }

  const rows = (name: string): Row[] => store.db.prepare('SELECT * FROM metrics WHERE name = ? ORDER BY id').all(name) as unknown as Row[];

  it('stores sums, gauges, explicit and exponential histograms with their buckets', async () => {
    const { provider, exporter } = setup();
    const meter = provider.getMeter('emr');
    meter.createCounter('emr.visits.saved').add(3, { clinic: 'north' });
    const active = meter.createUpDownCounter('emr.consultations.active');
    active.add(2);
    meter.createGauge('vigil.health.score').record(0.75);
    const h = meter.createHistogram('http.server.request.duration', { unit: 's' });
    for (const v of [0.003, 0.02, 0.02, 0.4, 3]) h.record(v, { 'http.route': '/patients' });
    const e = meter.createHistogram('db.client.operation.duration', { unit: 's' });
    for (let i = 1; i <= 100; i++) e.record(i / 1000);
    await provider.forceFlush();
    expect(exporter.stats.dropped).toBe(0);

    expect(rows('emr.visits.saved')).toMatchObject([{ type: 'counter', value: 3, attributes: '{"clinic":"north"}', service_name: 'emr-clinic', temporality: 'delta' }]);
    expect(rows('emr.consultations.active')).toMatchObject([{ type: 'updowncounter', value: 2, temporality: 'cumulative', attributes: '{}' }]);
    expect(rows('vigil.health.score')).toMatchObject([{ type: 'gauge', value: 0.75 }]);

    const [hist] = rows('http.server.request.duration');
    expect(hist).toMatchObject({ type: 'histogram', unit: 's', value: null, count: 5, min: 0.003, max: 3, temporality: 'delta' });
    expect(hist!.sum).toBeCloseTo(3.443, 9);
    const buckets = JSON.parse(hist!.buckets!) as { boundaries: number[]; counts: number[] };
    expect(buckets.counts).toHaveLength(buckets.boundaries.length + 1);
    expect(buckets.counts.reduce((a, b) => a + b, 0)).toBe(5);

    const [exp] = rows('db.client.operation.duration');
    expect(exp).toMatchObject({ type: 'exponential_histogram', count: 100, min: 0.001, max: 0.1 });
    const eb = JSON.parse(exp!.buckets!) as { scale: number; zeroCount: number; positive: { offset: number; counts: number[] } };
    expect(typeof eb.scale).toBe('number');
    expect(eb.positive.counts.reduce((a, b) => a + b, 0)).toBe(100);
    // Percentiles can be computed later from what is stored.
    const p50 = intervalQuantile(intervalsOf(exp!.buckets), 0.5, exp!.min, exp!.max)!;
    expect(p50).toBeGreaterThan(0.045);
    expect(p50).toBeLessThan(0.056);
    await provider.shutdown();
  });

  it('asks for delta counters and histograms, so a second collection holds only the new measurements', async () => {
    const { provider } = setup();
    const meter = provider.getMeter('emr');
    const c = meter.createCounter('emr.patients.created');
    const h = meter.createHistogram('emr.consultation.duration');
    c.add(5);
    h.record(1);
    await provider.forceFlush();
    c.add(2);
    h.record(2);
    h.record(3);
    await provider.forceFlush();
    expect(rows('emr.patients.created').map((r) => r.value)).toEqual([5, 2]);
    expect(rows('emr.consultation.duration').map((r) => r.count)).toEqual([1, 2]);
    await provider.shutdown();
  });
});
