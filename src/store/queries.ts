/**
 * The read side of the store: every question the dashboard, /api, the
 * alert API and the CLI ask of monitoring.db, one function each (one concept
 * a file under queries/). All take a DatabaseSync; a read-only one is fine.
 */
export { spanOfTrace, spansInWindow, spansOfTrace } from './queries/spans.js';
export { searchTraces, traceDetail, spanTree } from './queries/traces.js';
export type { TraceQuery, TraceSummary, TraceDetail, TraceSpan, TraceLog, TraceError } from './queries/traces.js';
export { exemplars } from './queries/exemplars.js';
export type { Exemplar, ExemplarLabel, ExemplarQuery } from './queries/exemplars.js';
export { rawPass, slowSpans, slowestOf, isRootOperation } from './queries/span-pass.js';
export { spanPass, ledgerStats } from './queries/span-ledger.js';
export type { RawOperation, RawPass, RawService, SlowSpan } from './queries/span-pass.js';
export { metricPointsInWindow, hourlyRollups } from './queries/metrics.js';
export type { HourlyRow } from './queries/metrics.js';
export { metricCells, latestValue } from './queries/metric-cells.js';
export type { MetricCell } from './queries/metric-cells.js';
export { rollupDoneUntil, rawFromMs, spanRollups, spanRollupStamp } from './queries/rollups.js';
export type { RollupCell } from './queries/rollups.js';
export { operationStats } from './queries/operations.js';
export { spanSeries } from './queries/series.js';
export { firingAlerts, alertEvents } from './queries/alerts.js';
export type { AlertRecord, FiringAlerts, FiringRow } from './queries/alerts.js';
export { silences } from './queries/silences.js';
export type { SilenceRows } from './queries/silences.js';
export { errorGroup, errorGroups, errorEventsOf, errorEvent, errorCountsByBucket } from './queries/errors.js';
export type { ErrorEventRecord, ErrorGroupRecord, GroupStatusFilter } from './queries/errors.js';
export { latestCheckResults, checkStatusCounts, CHECK_GONE_MS } from './queries/health.js';
export type { CheckRecord } from './queries/health.js';
export { crashReports, crashReport } from './queries/crashes.js';
export type { CrashRecord, CrashRecordDetail } from './queries/crashes.js';
export { jobs } from './queries/jobs.js';
export type { JobRecord } from './queries/jobs.js';
export { idsWithPrefix } from './queries/ids.js';
export type { BucketedWindow, MetricPoint, MetricPointRow, OperationStats, Percentiles, SeriesBucket, SpanFilter, SpanRecord, Window } from './queries/types.js';
