// The dashboard room: summary aggregation, JSON export, text report, the web UI and its API.
export { buildSummary, DEFAULT_SLOW_MS } from './summary.js';
export { renderTextReport } from './report.js';
export type { TextReportOptions } from './report.js';
export { exportJson } from './export.js';
export type { ExportDocument, ExportOptions } from './export.js';
export { dashboardRouter } from './router.js';
export { inlineReader, threadReader, NoDatabaseError } from './reader.js';
export type { Reader } from './reader.js';
export { READS } from './reads.js';
export type { ReadArgs, ReadName, ReadResult } from './reads.js';
export { liveOverlay, withLive, withOverlay } from './summary.js';
export type { LiveOverlay } from './summary.js';
export type { DashboardRouterOptions } from './router.js';
export { serveDashboard } from './serve.js';
export type { DashboardServer, ServeDashboardOptions } from './serve.js';
export { windowOf, isWindowName, WINDOWS } from './window.js';
export { errorGroupDetail } from './errors.js';
export type {
  ActiveAlert,
  AlertEvent,
  AlertSummary,
  CheckSummary,
  CrashSummary,
  ErrorGroupSummary,
  ErrorSummary,
  HealthSummary,
  HostFigure,
  JobSummary,
  LiveSources,
  LlmUsage,
  OperationSummary,
  Percentiles,
  RequestSummary,
  SlowOperation,
  Summary,
  SummaryOptions,
  TrendPoint,
  WindowInfo,
  WindowName,
} from './types.js';
