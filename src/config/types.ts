import type { DiagLogLevel } from '@opentelemetry/api';
import type { ConfigFile } from './file.js';
import type { InstrumentationName } from './instrumentation-names.js';

export type TraceExporterName = 'sqlite' | 'otlp' | 'console';
export type MetricExporterName = 'sqlite' | 'otlp' | 'console' | 'prometheus';
export type LogExporterName = 'sqlite' | 'otlp' | 'console';
export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi';
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export interface ServerConfig {
  host: string;
  /** The variable the host came from, for problem lines. */
  hostVar: string;
  port: number;
  /** VIGIL_ALLOWED_HOSTS: extra `Host` names answered besides the bound address, localhost and IP literals. */
  allowedHosts: string[];
  /** VIGIL_ALLOW_REMOTE_WITHOUT_TOKEN: bind beyond loopback even without a dashboard token. */
  allowRemoteWithoutToken: boolean;
}

/** OTEL_BSP_* / OTEL_BLRP_*: only the values that were set. */
export interface BatchConfig {
  scheduledDelayMillis?: number;
  maxExportBatchSize?: number;
  maxQueueSize?: number;
  exportTimeoutMillis?: number;
}

export interface SignalConfig<E extends string> {
  exporters: E[];
  /** Per-signal OTLP protocol (OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, else the general one). */
  protocol: OtlpProtocol;
}

/** One validated configuration, built from the environment and the optional config file. */
export interface Config {
  disabled: boolean;
  logLevel: DiagLogLevel;
  serviceName?: string;
  environment?: string;
  traces: SignalConfig<TraceExporterName> & { sampler: SamplerName; samplerArg: number; batch: BatchConfig };
  metrics: SignalConfig<MetricExporterName> & { exportIntervalMs: number; exportTimeoutMs: number };
  logs: SignalConfig<LogExporterName> & { batch: BatchConfig };
  /** OTEL_PROPAGATORS (default tracecontext,baggage; `none` empties it). */
  propagators: PropagatorName[];
  /** Short names of the instrumentations to enable, in table order. */
  instrumentations: InstrumentationName[];
  /** VIGIL_SYSTEM_METRICS: system-wide CPU, memory and network metrics besides the process's own. */
  systemMetrics: boolean;
  server: ServerConfig;
  dataDir: string;
  dashboardToken?: string;
  retentionDays: number;
  /** VIGIL_MAX_DB_MB: the size cap of monitoring.db; the oldest raw data goes first. */
  maxDbMb: number;
  outboxMaxMb: number;
  redaction: 'strict' | 'off';
  crashReportUrl?: string;
  /** VIGIL_UNHANDLED_REJECTIONS: what an unhandled promise rejection does (as Sentry's Node SDK). */
  unhandledRejections: 'none' | 'warn' | 'strict';
  /** VIGIL_CAPTURE_LLM_CONTENT: prompts and completions as span events (redacted); off by default. */
  captureLlmContent: boolean;
  /** VIGIL_CAPTURE_CONSOLE: console.* lines as log records (stored, exported, breadcrumbs); off by default. */
  captureConsole: boolean;
  /** VIGIL_CAPTURE_COMMAND_ARGS: process.command_args in the resource; off by default (arguments carry secrets). */
  captureCommandArgs: boolean;
  /** VIGIL_SLOW_MS: the default slow-operation threshold, in ms. */
  slowMs: number;
  sentryDsn?: string;
  /** The parsed config file, when one was read. Sections are validated by their rooms. */
  file?: ConfigFile;
}
