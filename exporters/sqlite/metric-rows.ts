import {
  AggregationTemporality,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { attributesJson, toJson } from './json.js';
import { hrToMs } from './time.js';
import type { Row } from './types.js';

export const INSERT_METRIC = `INSERT INTO metrics (
  time_ms, name, type, unit, attributes, value, count, sum, min, max, buckets, service_name, temporality, scope_name
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * `metrics.type` values: counter (monotonic sum), updowncounter, gauge,
 * histogram (buckets = {"boundaries":[..],"counts":[..]}, n+1 counts) and
 * exponential_histogram (buckets = {"scale","zeroCount","positive":{"offset","counts"},"negative":{..}}).
 */
export type MetricRowType = 'counter' | 'updowncounter' | 'gauge' | 'histogram' | 'exponential_histogram';

export function metricRows(rm: ResourceMetrics): Row[] {
  const service = rm.resource.attributes['service.name'];
  const serviceName = typeof service === 'string' ? service : null;
  const rows: Row[] = [];
  for (const sm of rm.scopeMetrics) {
    for (const metric of sm.metrics) appendMetric(rows, metric, serviceName, sm.scope.name);
  }
  return rows;
}

function appendMetric(rows: Row[], metric: MetricData, service: string | null, scope: string): void {
  const { name, unit } = metric.descriptor;
  const temporality = metric.aggregationTemporality === AggregationTemporality.DELTA ? 'delta' : 'cumulative';
  switch (metric.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE: {
      const type: MetricRowType =
        metric.dataPointType === DataPointType.GAUGE ? 'gauge' : metric.isMonotonic ? 'counter' : 'updowncounter';
      for (const p of metric.dataPoints) {
        rows.push([hrToMs(p.endTime), name, type, unit, attributesJson(p.attributes), p.value, null, null, null, null, null, service, temporality, scope]);
      }
      return;
    }
    case DataPointType.HISTOGRAM:
      for (const p of metric.dataPoints) {
        const h: Histogram = p.value;
        const buckets = toJson({ boundaries: h.buckets.boundaries, counts: h.buckets.counts });
        rows.push([hrToMs(p.endTime), name, 'histogram', unit, attributesJson(p.attributes), null, h.count, h.sum ?? null, finite(h.min), finite(h.max), buckets, service, temporality, scope]);
      }
      return;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      for (const p of metric.dataPoints) {
        const h: ExponentialHistogram = p.value;
        const buckets = toJson({
          scale: h.scale,
          zeroCount: h.zeroCount,
          positive: { offset: h.positive.offset, counts: h.positive.bucketCounts },
          negative: { offset: h.negative.offset, counts: h.negative.bucketCounts },
        });
        rows.push([hrToMs(p.endTime), name, 'exponential_histogram', unit, attributesJson(p.attributes), null, h.count, h.sum ?? null, finite(h.min), finite(h.max), buckets, service, temporality, scope]);
      }
      return;
  }
}

/** The SDK reports an empty histogram's min/max as ±Infinity, which SQLite stores as a float nobody wants. */
function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}
