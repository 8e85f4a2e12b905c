import { alertingFeature } from './features/alerting.js';
import { apiFeature } from './features/api.js';
import { crashFeature } from './features/crash.js';
import { dashboardFeature } from './features/dashboard.js';
import { errorsFeature } from './features/errors.js';
import { healthFeature } from './features/health.js';
import { privacyFeature } from './features/privacy.js';
import { progressFeature } from './features/progress.js';
import { storeFeature } from './features/store.js';
import type { Feature } from './types.js';

/**
 * The rooms that plug into the pipeline, in pipeline order: their span and
 * log processors run in this order, before the exporting processors
 * (redaction → error tracking → batch). The store opens first: the others
 * write their tables through it.
 */
export const FEATURES: Feature[] = [storeFeature, privacyFeature, errorsFeature, crashFeature, apiFeature, healthFeature, alertingFeature, progressFeature, dashboardFeature];
