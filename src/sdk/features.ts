import type { Feature } from './types.js';

/**
 * The rooms that plug into the pipeline, in pipeline order: their span and
 * log processors run in this order, before the exporting processors
 * (redaction → error tracking → slow-operation detection → batch).
 */
export const FEATURES: Feature[] = [];
