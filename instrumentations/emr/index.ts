import { EmrInstrumentation } from './instrumentation.js';
import type { EmrInstrumentationConfig } from './types.js';

export { emr } from './api.js';
export type { EmrApi } from './api.js';
export { EmrInstrumentation };
export type { ConsultationHandle, EmrAttributes, EmrInstrumentationConfig } from './types.js';

/** Called by the application, not patched: no module to hook. */
export const EMR_MODULES: readonly string[] = [];

export function createEmrInstrumentation(config: EmrInstrumentationConfig = {}): EmrInstrumentation {
  return new EmrInstrumentation(config);
}
