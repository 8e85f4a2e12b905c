/** The read side of the store: what the dashboard, /api and the CLI query. All take a DatabaseSync (read-only is fine). */
export { spansInWindow, spansOfTrace } from './queries/spans.js';
export { metricPointsInWindow, hourlyRollups } from './queries/metrics.js';
export type { HourlyRow } from './queries/metrics.js';
export { operationStats } from './queries/operations.js';
export { spanSeries } from './queries/series.js';
export type { MetricPoint, MetricPointRow, OperationStats, SeriesBucket, SpanFilter, SpanRecord, Window } from './queries/types.js';
export { latestChecks } from './queries/health.js';
export type { StoredCheck } from './queries/health.js';
export { firingAlerts } from './queries/alerts.js';
export type { FiringAlerts, FiringRow } from './queries/alerts.js';
