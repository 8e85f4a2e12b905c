import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { MetricReader, ViewOptions } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Router } from 'express';
import type { Channel, ChannelConfig } from '../alerting/index.js';
import type { Config, Problems } from '../config/index.js';
import type { VigilEvents } from './events.js';
import type { LocalExporters } from './exporters.js';

/** What a room contributes to the pipeline; every part is optional. */
export interface FeatureParts {
  /** The SQLite exporters, from the store feature, used where OTEL_*_EXPORTER says `sqlite`. */
  localExporters?: LocalExporters;
  /** In pipeline order, before the exporting processors (redaction first). */
  spanProcessors?: SpanProcessor[];
  logRecordProcessors?: LogRecordProcessor[];
  metricReaders?: MetricReader[];
  views?: ViewOptions[];
  /**
   * The room's routes, asked for only when the telemetry server starts: the
   * router modules (and Express) are imported there, not at start-up.
   */
  routes?(): Promise<FeatureRoutes>;
  /** Called once the providers are registered globally. */
  started?(): void;
  /** Called when shutdown begins (readiness turns to 503). */
  stopping?(): void;
  /** Called on shutdown before the providers flush; must not throw. */
  shutdown?(): Promise<void> | void;
  /** Called after the providers have flushed (the store closes here). */
  closeLast?(): void;
}

export interface FeatureRoutes {
  /** Mounted on the telemetry server as is (e.g. /health, /livez). */
  routers?: Router[];
  /** Mounted behind the dashboard token (e.g. /api/*, /monitoring). */
  protectedRouters?: Router[];
}

export interface FeatureContext {
  config: Config;
  resource: Resource;
  problems: Problems;
  /** Events between rooms (errors and api emit, alerting listens), made by start(). */
  events: VigilEvents;
  /** What start() was given in code (channels, ...), handed to the rooms that use it. */
  options: StartOptions;
}

export interface Feature {
  name: string;
  setup(ctx: FeatureContext): Promise<FeatureParts | undefined> | FeatureParts | undefined;
}

/** Options of start(): spread over what the environment and config file give. */
export interface StartOptions {
  /** Environment to read instead of process.env (tests, embedding). */
  env?: Record<string, string | undefined>;
  serviceName?: string;
  /** Extra attributes merged into the resource. */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** Extra instrumentations, besides the enabled built-in ones. */
  instrumentations?: Instrumentation[];
  spanProcessors?: SpanProcessor[];
  metricReaders?: MetricReader[];
  logRecordProcessors?: LogRecordProcessor[];
  views?: ViewOptions[];
  /** Overrides of the telemetry server; `false` turns it off. */
  server?: false | { host?: string; port?: number };
  /**
   * Alert channels in code, beside the config file's: `{ type: 'custom', handler }`
   * calls your function with each notification (see also `alerts.onAlert`).
   */
  channels?: Array<ChannelConfig | Channel>;
  /** How long shutdown may take to flush, in milliseconds (default 5000). */
  shutdownTimeoutMs?: number;
}
