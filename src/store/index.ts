export { openStore, openReadOnly, DB_FILE } from './open.js';
export { migrate, userVersion, LATEST_VERSION, MIGRATIONS, NewerSchemaError } from './migrations.js';
export { aggregateHourly, aggregateHour, pendingHours, HOUR_MS, SERVICE_ROLLUP_PREFIX, SPAN_ROLLUP_PREFIX } from './rollup.js';
export type { AggregateOptions, AggregateResult } from './rollup.js';
export { cleanup, expiredCounts, retentionCutoff, retentionPlan, retentionSteps, ROLLUP_RETENTION_DAYS, ERROR_GROUP_RETENTION_DAYS } from './retention.js';
export type { CleanupOptions, RetentionCounts, RetentionRule } from './retention.js';
export { enforceSizeCap, keepUnderCap } from './size-cap.js';
export type { SizeCapResult } from './size-cap.js';
export { usedBytes, RAW_TABLES } from './raw-tables.js';
export type { DeletedCounts, RawTable } from './raw-tables.js';
export { startMaintenance } from './maintenance.js';
export type { MaintenanceHandle, MaintenanceOptions, MaintenanceStats } from './maintenance.js';
export { exactQuantile, QUANTILES } from './quantile.js';
export { intervalsOf, intervalQuantile, mergeIntervals } from './histogram.js';
export type { Interval } from './histogram.js';
export {
  spansInWindow,
  spansOfTrace,
  spanOfTrace,
  searchTraces,
  traceDetail,
  spanTree,
  exemplars,
  rawPass,
  spanPass,
  ledgerStats,
  slowSpans,
  slowestOf,
  isRootOperation,
  metricPointsInWindow,
  hourlyRollups,
  metricCells,
  latestValue,
  rollupDoneUntil,
  rawFromMs,
  spanRollups,
  spanRollupStamp,
  operationStats,
  spanSeries,
  firingAlerts,
  alertEvents,
  silences,
  errorGroup,
  errorGroups,
  errorEventsOf,
  errorEvent,
  errorCountsByBucket,
  latestCheckResults,
  checkStatusCounts,
  crashReports,
  crashReport,
  jobs,
  idsWithPrefix,
} from './queries.js';
export type {
  TraceQuery,
  TraceSummary,
  TraceDetail,
  TraceSpan,
  TraceLog,
  TraceError,
  Exemplar,
  ExemplarLabel,
  ExemplarQuery,
  RawOperation,
  RawPass,
  RawService,
  SlowSpan,
  HourlyRow,
  MetricCell,
  RollupCell,
  AlertRecord,
  FiringAlerts,
  FiringRow,
  SilenceRows,
  ErrorEventRecord,
  ErrorGroupRecord,
  GroupStatusFilter,
  CheckRecord,
  CrashRecord,
  CrashRecordDetail,
  JobRecord,
  BucketedWindow,
  MetricPoint,
  MetricPointRow,
  OperationStats,
  Percentiles,
  SeriesBucket,
  SpanFilter,
  SpanRecord,
  Window,
} from './queries.js';
export type { Migration, OpenStoreOptions, ProblemSink, Store } from './types.js';
