import { AggregationType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import { createRedactingAttributesProcessor } from '../privacy/index.js';
import type { Redactor } from '../privacy/index.js';
import { DEFAULT_CARDINALITY_LIMIT } from '../metrics/views.js';

/**
 * One view per instrument type, matching every instrument: sdk-metrics makes
 * a stream per matching view, so redaction of metric attributes (no
 * identifier ever becomes a label) and the cardinality limit must live in the
 * same view as the aggregation. Redaction keeps label values that identify
 * no one as they are: the limit, not rewriting, bounds the series. Histograms use the base-2 exponential
 * aggregation unless Prometheus is exported: the Prometheus exporter 0.301
 * drops exponential histograms.
 */
export function buildViews(opts: { redactor?: Redactor; exponential: boolean; cardinalityLimit?: number }): ViewOptions[] {
  const limit = opts.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
  const attributesProcessors = opts.redactor ? [createRedactingAttributesProcessor(opts.redactor)] : undefined;
  const types = Object.values(InstrumentType) as InstrumentType[];
  return types.map((instrumentType) => ({
    instrumentName: '*',
    instrumentType,
    aggregationCardinalityLimit: limit,
    ...(attributesProcessors ? { attributesProcessors } : {}),
    ...(instrumentType === InstrumentType.HISTOGRAM && opts.exponential
      ? { aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160, recordMinMax: true } } }
      : {}),
  }));
}
