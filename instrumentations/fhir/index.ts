import { FhirInstrumentation } from './instrumentation.js';
import type { FhirInstrumentationConfig } from './types.js';

export { FhirInstrumentation };
export { FhirSpanProcessor } from './processor.js';
export { fhirSpanName, maskQuery, parseFhirUrl } from './utils.js';
export type { FhirCall, FhirInstrumentationConfig, FhirInteraction } from './types.js';

/** Works on spans from the HTTP instrumentations: no module of its own to hook. */
export const FHIR_MODULES: readonly string[] = [];

/** Wire both: `{ instrumentations: [fhir], spanProcessors: [fhir.spanProcessor] }`. */
export function createFhirInstrumentation(config: FhirInstrumentationConfig = {}): FhirInstrumentation {
  return new FhirInstrumentation(config);
}
