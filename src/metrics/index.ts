// Metrics room: the facade, views, live percentiles and the names the developer API records.
export { metrics } from './facade.js';
export type { Tags } from './facade.js';
export { performanceViews, DEFAULT_CARDINALITY_LIMIT } from './views.js';
export type { PerformanceViewOptions } from './views.js';
export { performance, operationStats, OperationStats } from './report.js';
export type { OperationReport } from './report.js';
export { ExpHistogram, RELATIVE_ERROR, SCALE } from './exp-histogram.js';
export { DURATION_BUCKETS, HTTP_DURATION_BUCKETS } from './buckets.js';
export { liveOtel } from './live.js';
export type { LiveOtel } from './live.js';
export {
  SCOPE_NAME,
  OPERATION_DURATION,
  OPERATION_CALLS,
  OPERATION_ITEMS,
  OPERATION_RETRIES,
  SLOW_OPERATIONS,
  ATTR_OPERATION,
  ATTR_ITEMS,
  ATTR_SLOW,
} from './names.js';
