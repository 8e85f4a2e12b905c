import { describe, expect, it } from 'vitest';
import { AggregationTemporality, DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { MetricData, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { mergeProcesses, retire } from '../../../src/server/peers/merge.js';
import type { Retired } from '../../../src/server/peers/merge.js';

const T: [number, number] = [1, 0];
const scope = { name: 'test-scope', version: '1' };

function counter(value: number, attrs = { route: '/a' }): MetricData {
  return {
    descriptor: { name: 'requests', description: '', unit: '', type: InstrumentType.COUNTER, valueType: 1 },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: [{ startTime: T, endTime: T, attributes: attrs, value }],
  };
}
function histogram(counts: number[], sum: number): MetricData {
  return {
    descriptor: { name: 'latency', description: '', unit: 's', type: InstrumentType.HISTOGRAM, valueType: 1 },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [{ startTime: T, endTime: T, attributes: {}, value: { buckets: { boundaries: [0.1, 1], counts }, sum, count: counts.reduce((a, b) => a + b, 0), min: 0.01, max: 2 } }],
  };
}
function gauge(value: number): MetricData {
  return {
    descriptor: { name: 'heap', description: '', unit: 'By', type: InstrumentType.GAUGE, valueType: 1 },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: [{ startTime: T, endTime: T, attributes: {}, value }],
  };
}
const proc = (pid: number, ...metrics: MetricData[]) => ({ pid, scopeMetrics: [{ scope, metrics }] as ScopeMetrics[] });
const find = (out: ScopeMetrics[], name: string) => out.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name)!;

describe('merging the processes of one service', () => {
  it('sums counters and histograms, keeps gauges per process, keeps the scope', () => {
    const out = mergeProcesses([proc(1, counter(3), histogram([1, 2, 0], 1.5), gauge(10)), proc(2, counter(4), histogram([0, 1, 1], 2.6), gauge(20))], new Map());
    expect(out.map((s) => s.scope)).toEqual([scope]);
    expect(find(out, 'requests').dataPoints.map((p) => p.value)).toEqual([7]);
    expect(find(out, 'latency').dataPoints[0]!.value).toMatchObject({ buckets: { counts: [1, 3, 1] }, count: 5, sum: 4.1 });
    expect(find(out, 'heap').dataPoints.map((p) => [p.attributes['process.pid'], p.value])).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it('keeps an exited process in the totals so no counter goes backwards', () => {
    const retired: Retired = new Map();
    retire(retired, proc(2, counter(4), histogram([0, 1, 1], 2.6), gauge(20)));
    // Process 2 is gone; its replacement (3) starts from zero.
    const out = mergeProcesses([proc(1, counter(5)), proc(3, counter(1))], retired);
    expect(find(out, 'requests').dataPoints.map((p) => p.value)).toEqual([10]);
    expect(find(out, 'latency').dataPoints[0]!.value).toMatchObject({ count: 2 });
    // A gauge of a dead process is not kept.
    expect(out.flatMap((s) => s.metrics).some((m) => m.descriptor.name === 'heap')).toBe(false);
    // Retiring twice accumulates.
    retire(retired, proc(3, counter(1)));
    expect(find(mergeProcesses([proc(1, counter(5))], retired), 'requests').dataPoints.map((p) => p.value)).toEqual([10]);
  });

  it('a lone process keeps its series exactly as they were', () => {
    const out = mergeProcesses([proc(1, gauge(10), counter(2, { route: '/b' }))], new Map());
    expect(find(out, 'heap').dataPoints[0]!.attributes).toEqual({});
    expect(find(out, 'requests').dataPoints[0]!.attributes).toEqual({ route: '/b' });
  });
});
