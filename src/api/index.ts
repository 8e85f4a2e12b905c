// Developer API: wrappers and standard decorators over the OTel API.
export { monitored } from './monitored.js';
export { captureErrors, alertOnFailure, countCalls, measureAndAlert, monitorAll, retry } from './decorators.js';
export type { MethodDecorator, FlexibleDecorator } from './decorators.js';
export { measure, measureScope } from './measure.js';
export type { MeasureScope } from './measure.js';
export { configureApi } from './config.js';
export type { ApiConfig, ApiHooks, Backoff, MonitorOptions, RetryOptions, AnyFunction } from './types.js';
export { metrics, performance, performanceViews } from '../metrics/index.js';
export type { OperationReport, PerformanceViewOptions, Tags } from '../metrics/index.js';
