import type { Attributes } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { InstrumentationScope } from '@opentelemetry/core';

// Metrics of several processes of one service, merged the way Prometheus
// users expect of one endpoint (prom-client's AggregatorRegistry does the
// same for its users): counters and histograms summed across processes,
// up-down counters summed, gauges kept one series per process with a
// `process.pid` label (a sum of event-loop delays or health scores means
// nothing).

/** One process's collected metrics: `ScopeMetrics` as JSON carries them between processes. */
export interface ProcessMetrics {
  pid: number;
  scopeMetrics: ScopeMetrics[];
}

/** The cumulative counter and histogram totals of processes that have exited, kept so no sum goes backwards. */
export type Retired = Map<string, Entry>;

interface Entry {
  scope: InstrumentationScope;
  data: MetricData;
  point: DataPoint<number | Histogram>;
}

const PID = 'process.pid';

function metricKey(scope: InstrumentationScope, data: MetricData): string {
  return `${scope.name}\u0000${scope.version ?? ''}\u0000${data.descriptor.name}\u0000${data.dataPointType}`;
}

/** Series key: scope, metric name and type, then the attributes in key order. */
function seriesKey(scope: InstrumentationScope, data: MetricData, attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  let k = metricKey(scope, data);
  for (const key of keys) k += `\u0000${key}=${JSON.stringify(attributes[key])}`;
  return k;
}

/** Counters and histograms: their cumulative values survive the process. */
export function isCumulativeTotal(data: MetricData): boolean {
  return data.dataPointType === DataPointType.HISTOGRAM || (data.dataPointType === DataPointType.SUM && data.isMonotonic);
}

function addHistogram(into: Histogram, from: Histogram): boolean {
  const a = into.buckets.boundaries;
  const b = from.buckets.boundaries;
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
  for (let i = 0; i < into.buckets.counts.length; i++) into.buckets.counts[i]! += from.buckets.counts[i] ?? 0;
  into.count += from.count;
  if (into.sum !== undefined && from.sum !== undefined) into.sum += from.sum;
  if (from.min !== undefined) into.min = into.min === undefined ? from.min : Math.min(into.min, from.min);
  if (from.max !== undefined) into.max = into.max === undefined ? from.max : Math.max(into.max, from.max);
  return true;
}

/** A data point the merger may add into (the SDK's are read-only). */
interface Sum {
  startTime: [number, number];
  endTime: [number, number];
  attributes: Attributes;
  value: number | Histogram;
}

function clonePoint(point: DataPoint<number | Histogram>, attributes: Attributes): Sum {
  const v = point.value;
  const value = typeof v === 'number' ? v : { ...(v as Histogram), buckets: { boundaries: [...v.buckets.boundaries], counts: [...v.buckets.counts] } };
  return { startTime: point.startTime, endTime: point.endTime, attributes, value };
}

class Merger {
  private readonly series = new Map<string, { scope: InstrumentationScope; data: MetricData; point: Sum }>();

  add(scope: InstrumentationScope, data: MetricData, point: DataPoint<number | Histogram>, attributes: Attributes): void {
    const key = seriesKey(scope, data, attributes);
    const have = this.series.get(key);
    if (!have) {
      this.series.set(key, { scope, data, point: clonePoint(point, attributes) });
      return;
    }
    if (typeof have.point.value === 'number') have.point.value += point.value as number;
    else if (!addHistogram(have.point.value, point.value as Histogram)) return;
    // The merged series started when its earliest contributor did.
    if (compareTime(point.startTime, have.point.startTime) < 0) have.point.startTime = point.startTime;
  }

  entries(): IterableIterator<[string, { scope: InstrumentationScope; data: MetricData; point: Sum }]> {
    return this.series.entries();
  }

  /** Back into the SDK's shape, scope by scope: what the Prometheus serializer takes. */
  toScopeMetrics(): ScopeMetrics[] {
    const scopes = new Map<string, ScopeMetrics>();
    const byMetric = new Map<string, MetricData>();
    for (const { scope, data, point } of this.series.values()) {
      const sKey = `${scope.name}\u0000${scope.version ?? ''}`;
      let sm = scopes.get(sKey);
      if (!sm) scopes.set(sKey, (sm = { scope, metrics: [] }));
      const key = metricKey(scope, data);
      let m = byMetric.get(key);
      if (!m) {
        byMetric.set(key, (m = { ...data, dataPoints: [] } as MetricData));
        sm.metrics.push(m);
      }
      (m.dataPoints as DataPoint<unknown>[]).push(point);
    }
    return [...scopes.values()];
  }
}

function compareTime(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * Merges the processes' metrics, plus the totals of processes that have
 * exited. `pidLabel`: gauges get a `process.pid` attribute (when more than
 * one process contributes; a lone process keeps its series as they were).
 */
export function mergeProcesses(processes: ProcessMetrics[], retired: Retired, pidLabel = processes.length > 1): ScopeMetrics[] {
  const merger = new Merger();
  for (const p of processes) {
    for (const scope of p.scopeMetrics) {
      for (const data of scope.metrics) {
        if (data.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) continue; // never on a Prometheus reader
        const perProcess = pidLabel && data.dataPointType === DataPointType.GAUGE;
        for (const point of data.dataPoints as DataPoint<number | Histogram>[]) {
          merger.add(scope.scope, data, point, perProcess ? { ...point.attributes, [PID]: p.pid } : point.attributes);
        }
      }
    }
  }
  for (const { scope, data, point } of retired.values()) merger.add(scope, data, point, point.attributes);
  return merger.toScopeMetrics();
}

/** Folds an exited process's last counter and histogram totals into the retired totals. */
export function retire(retired: Retired, last: ProcessMetrics): void {
  const merger = new Merger();
  for (const entry of retired.values()) merger.add(entry.scope, entry.data, entry.point, entry.point.attributes);
  for (const scope of last.scopeMetrics) {
    for (const data of scope.metrics) {
      if (!isCumulativeTotal(data)) continue;
      for (const point of data.dataPoints as DataPoint<number | Histogram>[]) merger.add(scope.scope, data, point, point.attributes);
    }
  }
  retired.clear();
  for (const [key, entry] of merger.entries()) retired.set(key, { scope: entry.scope, data: { ...entry.data, dataPoints: [] } as MetricData, point: entry.point });
}
