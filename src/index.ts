// Public API of @vigil/otel. Every export is named here.
export { start } from './sdk/start.js';
export type { VigilHandle } from './sdk/handle.js';
export type { StartOptions } from './sdk/types.js';
export { loadConfig } from './config/index.js';
export type { Config } from './config/index.js';
export { VERSION } from './sdk/version.js';

export { captureException, captureMessage, setUser, withUser, addBreadcrumb, alert, alerts, health, trackProgress, summary, report, privacy } from './facade.js';
export type { AlertHandlerOptions } from './facade.js';
export type { HealthSummary, CheckSummary, Summary, WindowName } from './dashboard/index.js';
export type { Breadcrumb, CaptureOptions, ErrorLevel, ErrorUser } from './errors/index.js';
export type { AlertInstance, Channel, ChannelConfig, DirectAlert, Notification, Severity } from './alerting/index.js';
export type { CheckResult, CheckOptions, CustomCheckFn } from './health/index.js';
export type { ProgressOptions, ProgressTracker } from './progress/index.js';

export { monitored, captureErrors, alertOnFailure, countCalls, measureAndAlert, monitorAll, retry, measure, measureScope } from './api/index.js';
export type { MonitorOptions, RetryOptions, MeasureScope } from './api/index.js';
export { metrics, performance } from './metrics/index.js';
export { emr } from '../instrumentations/emr/index.js';
export type { EmrApi, ConsultationHandle, EmrAttributes } from '../instrumentations/emr/index.js';
export type { OperationReport, Tags } from './metrics/index.js';
