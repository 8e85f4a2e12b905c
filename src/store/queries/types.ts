/** A time window, [fromMs, toMs) in epoch ms. */
export interface Window {
  fromMs: number;
  toMs: number;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  durationMs: number;
  statusCode: number;
  statusMessage: string | null;
  serviceName: string | null;
  scopeName: string | null;
  attributes: Record<string, unknown>;
  events: unknown[];
  links: unknown[];
}

export interface MetricPoint {
  timeMs: number;
  name: string;
  type: string;
  unit: string | null;
  attributes: Record<string, unknown>;
  value: number | null;
  count: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  /** Parsed `buckets` JSON (explicit: boundaries/counts; exponential: scale/zeroCount/positive/negative). */
  buckets: unknown;
  serviceName: string | null;
  temporality: string | null;
}

/** Per-operation latency statistics; durations in ms. */
export interface OperationStats {
  name: string;
  count: number;
  errors: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  avgMs: number | null;
  maxMs: number | null;
}

export interface SeriesBucket {
  /** Start of the bucket, epoch ms. */
  bucketMs: number;
  count: number;
  errors: number;
  p95: number | null;
}

/** Filters shared by the span queries. */
export interface SpanFilter extends Window {
  /** Exact span name. */
  name?: string;
  /** Only local root spans (the `transactions` view). */
  rootsOnly?: boolean;
  serviceName?: string;
}

/** A `metrics` row as stored: the columns the readers of raw points select. */
export interface MetricPointRow {
  time_ms: number;
  name: string;
  type: string;
  unit: string | null;
  attributes: string | null;
  value: number | null;
  count: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  buckets: string | null;
  service_name: string | null;
  temporality: string | null;
}

/** A window cut into equal buckets (trend charts); bucket k starts at fromMs + k × bucketMs. */
export interface BucketedWindow extends Window {
  bucketMs: number;
}

/** Latency percentiles, ms. */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
}
