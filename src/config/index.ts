import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvReader, SAMPLERS, logLevel, otlpProtocol } from './env.js';
import type { Env } from './env.js';
import { loadConfigFile } from './file.js';
import { DEFAULT_INSTRUMENTATIONS, INSTRUMENTATION_NAMES } from './instrumentation-names.js';
import type { InstrumentationName } from './instrumentation-names.js';
import { checkOtlp } from './otlp.js';
import { Problems } from './problems.js';
import { serverConfig } from './server.js';
import type { BatchConfig, Config, LogExporterName, MetricExporterName, PropagatorName, TraceExporterName } from './types.js';

export interface LoadedConfig {
  config: Config;
  problems: Problems;
}

const TRACE_EXPORTERS: readonly TraceExporterName[] = ['sqlite', 'otlp', 'console'];
const METRIC_EXPORTERS: readonly MetricExporterName[] = ['sqlite', 'prometheus', 'otlp', 'console'];
const LOG_EXPORTERS: readonly LogExporterName[] = ['sqlite', 'otlp', 'console'];
const PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3', 'b3multi'];

export const DEFAULT_RETENTION_DAYS = 90;

/** VIGIL_RETENTION_DAYS, parsed here only: the application's config and `vigil cleanup` both read it through this. */
export function retentionDays(r: EnvReader): number {
  return r.int('VIGIL_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, 1, 36_500, ' days');
}

/** The same, straight from an environment (the CLI, which loads no config file); problems are reported on stderr. */
export function retentionDaysFromEnv(env: Env = process.env): number {
  const problems = new Problems();
  const days = retentionDays(new EnvReader(env, problems));
  problems.report();
  return days;
}

/**
 * Build the one validated Config from the environment and the optional YAML
 * file. Never throws: each bad value becomes a problem line and its part
 * falls back to the default or turns off.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): LoadedConfig {
  const problems = new Problems();
  const r = new EnvReader(env, problems);

  const instrumentations = selectInstrumentations(r);
  const samplerName = r.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const config: Config = {
    disabled: r.boolean('OTEL_SDK_DISABLED', false),
    logLevel: logLevel(r, problems),
    serviceName: r.string('OTEL_SERVICE_NAME'),
    environment: r.string('ENVIRONMENT'),
    traces: {
      exporters: r.list('OTEL_TRACES_EXPORTER', TRACE_EXPORTERS, ['sqlite']),
      protocol: otlpProtocol(r, 'TRACES'),
      sampler: samplerName,
      samplerArg: samplerName.endsWith('traceidratio') ? r.number('OTEL_TRACES_SAMPLER_ARG', 1, 0, 1) : 1,
      batch: batchConfig(r, 'BSP'),
    },
    metrics: {
      exporters: r.list('OTEL_METRICS_EXPORTER', METRIC_EXPORTERS, ['sqlite', 'prometheus']),
      protocol: otlpProtocol(r, 'METRICS'),
      exportIntervalMs: r.int('OTEL_METRIC_EXPORT_INTERVAL', 60_000, 100, 86_400_000, ' ms'),
      exportTimeoutMs: r.int('OTEL_METRIC_EXPORT_TIMEOUT', 30_000, 100, 600_000, ' ms'),
    },
    logs: {
      exporters: r.list('OTEL_LOGS_EXPORTER', LOG_EXPORTERS, ['sqlite']),
      protocol: otlpProtocol(r, 'LOGS'),
      batch: batchConfig(r, 'BLRP'),
    },
    propagators: r.list('OTEL_PROPAGATORS', PROPAGATORS, ['tracecontext', 'baggage']),
    instrumentations,
    systemMetrics: r.boolean('VIGIL_SYSTEM_METRICS', false),
    server: serverConfig(r),
    dataDir: resolve(cwd, r.string('VIGIL_DATA_DIR') ?? './data'),
    dashboardToken: r.string('VIGIL_DASHBOARD_TOKEN'),
    retentionDays: retentionDays(r),
    maxDbMb: r.int('VIGIL_MAX_DB_MB', 2048, 1, 1_048_576, ' MB'),
    outboxMaxMb: r.int('VIGIL_OUTBOX_MAX_MB', 100, 1, 1_048_576, ' MB'),
    redaction: r.oneOf('VIGIL_REDACTION', ['strict', 'off'] as const, 'strict'),
    crashReportUrl: r.url('CRASH_REPORT_URL'),
    unhandledRejections: r.oneOf('VIGIL_UNHANDLED_REJECTIONS', ['none', 'warn', 'strict'] as const, 'warn'),
    captureLlmContent: r.boolean('VIGIL_CAPTURE_LLM_CONTENT', false),
    captureConsole: r.boolean('VIGIL_CAPTURE_CONSOLE', false),
    captureCommandArgs: r.boolean('VIGIL_CAPTURE_COMMAND_ARGS', false),
    slowMs: r.int('VIGIL_SLOW_MS', 1000, 1, 3_600_000, ' ms'),
    sentryDsn: r.url('SENTRY_DSN'),
  };
  checkOtlp(r, config, problems);
  const explicitFile = r.string('VIGIL_CONFIG');
  const filePath = explicitFile ? resolve(cwd, explicitFile) : resolve(cwd, 'vigil.config.yaml');
  if (explicitFile || existsSync(filePath)) {
    const file = loadConfigFile(filePath, problems);
    if (file) config.file = file;
  }
  return { config, problems };
}

function batchConfig(r: EnvReader, prefix: 'BSP' | 'BLRP'): BatchConfig {
  const read = (suffix: string): number | undefined => r.int(`OTEL_${prefix}_${suffix}`, undefined, 1, 10_000_000);
  const batch: BatchConfig = {};
  const entries: [keyof BatchConfig, number | undefined][] = [
    ['scheduledDelayMillis', read('SCHEDULE_DELAY')],
    ['maxExportBatchSize', read('MAX_EXPORT_BATCH_SIZE')],
    ['maxQueueSize', read('MAX_QUEUE_SIZE')],
    ['exportTimeoutMillis', read('EXPORT_TIMEOUT')],
  ];
  for (const [key, value] of entries) if (value !== undefined) batch[key] = value;
  // The SDK requires a batch no larger than the queue.
  if (batch.maxExportBatchSize !== undefined && batch.maxQueueSize !== undefined) batch.maxExportBatchSize = Math.min(batch.maxExportBatchSize, batch.maxQueueSize);
  return batch;
}

function selectInstrumentations(r: EnvReader): InstrumentationName[] {
  const enabled = r.list('OTEL_NODE_ENABLED_INSTRUMENTATIONS', INSTRUMENTATION_NAMES, [...DEFAULT_INSTRUMENTATIONS], false);
  const disabled = new Set(r.list('OTEL_NODE_DISABLED_INSTRUMENTATIONS', INSTRUMENTATION_NAMES, [], false));
  return enabled.filter((n) => !disabled.has(n));
}

export { Problems } from './problems.js';
export { guardExposure } from './server.js';
export type { Config, LogExporterName, MetricExporterName, OtlpProtocol, PropagatorName, ServerConfig, TraceExporterName } from './types.js';
export type { ConfigFile, PathPart } from './file.js';
export type { Env } from './env.js';
export { INSTRUMENTATION_NAMES } from './instrumentation-names.js';
export type { InstrumentationName } from './instrumentation-names.js';
