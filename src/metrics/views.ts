import { AggregationType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { AggregationOption, ViewOptions } from '@opentelemetry/sdk-metrics';
import { SCOPE_NAME } from './names.js';

export interface PerformanceViewOptions {
  /** Attribute sets kept per instrument before the SDK folds the rest into an overflow point. Default 2000. */
  cardinalityLimit?: number;
  /** Put `http.server.request.duration` on the exponential aggregation too. Default true. */
  httpServerDuration?: boolean;
  /** More histogram names (from other meters) to put on the exponential aggregation. */
  exponentialHistograms?: string[];
  /** Buckets per exponential histogram point (the SDK rescales to fit). Default 160. */
  maxSize?: number;
}

export const DEFAULT_CARDINALITY_LIMIT = 2000;

// Every non-histogram type gets a catch-all view carrying the limit. Histograms
// are selected by meter or name only: two views matching one instrument would
// export it twice, and the SDK already caps instruments no view selects.
const OTHER_TYPES = [
  InstrumentType.COUNTER,
  InstrumentType.UP_DOWN_COUNTER,
  InstrumentType.GAUGE,
  InstrumentType.OBSERVABLE_COUNTER,
  InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
  InstrumentType.OBSERVABLE_GAUGE,
];

/**
 * sdk-metrics 3.x views: Vigil's own histograms (meter `@vigil/otel`: operation
 * durations and `metrics.timing`) and `http.server.request.duration` use the
 * base-2 exponential histogram, so percentiles stay accurate at any scale;
 * every view carries a cardinality limit.
 */
export function performanceViews(options: PerformanceViewOptions = {}): ViewOptions[] {
  const limit = options.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
  const exponential: AggregationOption = {
    type: AggregationType.EXPONENTIAL_HISTOGRAM,
    options: { maxSize: options.maxSize ?? 160, recordMinMax: true },
  };
  const views: ViewOptions[] = [
    {
      meterName: SCOPE_NAME,
      instrumentType: InstrumentType.HISTOGRAM,
      aggregation: exponential,
      aggregationCardinalityLimit: limit,
    },
  ];
  const names = [...(options.httpServerDuration === false ? [] : ['http.server.request.duration'])];
  names.push(...(options.exponentialHistograms ?? []));
  for (const name of new Set(names)) {
    views.push({
      instrumentName: name,
      instrumentType: InstrumentType.HISTOGRAM,
      aggregation: exponential,
      aggregationCardinalityLimit: limit,
    });
  }
  for (const type of OTHER_TYPES) {
    views.push({ instrumentName: '*', instrumentType: type, aggregationCardinalityLimit: limit });
  }
  return views;
}
