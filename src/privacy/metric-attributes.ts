import type { Attributes } from '@opentelemetry/api';
import type { IAttributesProcessor, ViewOptions } from '@opentelemetry/sdk-metrics';
import { getRedactor } from './global.js';
import type { Redactor } from './types.js';

/**
 * Metric labels through the process-wide redactor: PHI keys hashed, headers
 * and bodies dropped, query strings removed, identifier segments of paths
 * collapsed to `:id`, free text masked. Other values (status and error codes,
 * enumerations, fingerprints, job ids) are kept as they are: series are
 * bounded by the views' cardinality limit, not by rewriting values.
 */
export function redactMetricAttributes(attributes: Attributes): Attributes {
  return getRedactor().redactMetricAttributes(attributes);
}

/** An sdk-metrics attributes processor (for a View's `attributesProcessors`). */
export function createRedactingAttributesProcessor(redactor: Redactor): IAttributesProcessor {
  return { process: (incoming: Attributes) => redactor.redactMetricAttributes(incoming) };
}

/**
 * A View matching every instrument that only redacts labels. sdk-metrics
 * creates one stream per matching view, so other views given to the same
 * MeterProvider should carry the same processor instead of being added beside this one.
 */
export function createRedactingView(redactor: Redactor): ViewOptions {
  return { instrumentName: '*', attributesProcessors: [createRedactingAttributesProcessor(redactor)] };
}
