import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { BatchLogRecordProcessor, ConsoleLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { DatabaseSync } from 'node:sqlite';
import type { ExitPair, ExitWriter } from '../../exporters/sqlite/exit-flush.js';
import type { SqliteSpanExporter } from '../../exporters/sqlite/span-exporter.js';
import { SqliteSpanProcessor } from '../../exporters/sqlite/span-processor.js';
import type { Config, OtlpProtocol } from '../config/index.js';

type DbGetter = () => DatabaseSync | undefined;

/** Where the SQLite exporters come from; undefined when the store could not be opened. */
export interface LocalExporters {
  span?: SqliteSpanExporter;
  metric?: PushMetricExporter & ExitWriter;
  log?: LogRecordExporter & ExitWriter;
}

export interface ExportPipeline {
  spanProcessors: SpanProcessor[];
  metricReaders: MetricReader[];
  logRecordProcessors: LogRecordProcessor[];
  prometheus?: PrometheusExporter;
  /** The SQLite exporters and the processors feeding them, for the synchronous write on `exit`. */
  exitPairs: ExitPair[];
}

/**
 * The exporting end of the pipeline, from OTEL_*_EXPORTER. Exporter modules
 * are imported only when configured: an OTLP exporter costs nothing at start
 * for an offline clinic. OTLP goes through the outbox (store-and-forward).
 */
export async function buildExportPipeline(config: Config, local: LocalExporters, db: DbGetter): Promise<ExportPipeline> {
  const pipeline: ExportPipeline = { spanProcessors: [], metricReaders: [], logRecordProcessors: [], exitPairs: [] };
  const bsp = config.traces.batch;
  const blrp = config.logs.batch;
  const periodic = (exporter: PushMetricExporter): MetricReader =>
    new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: config.metrics.exportIntervalMs, exportTimeoutMillis: Math.min(config.metrics.exportTimeoutMs, config.metrics.exportIntervalMs) });

  for (const name of config.traces.exporters) {
    if (name === 'console') pipeline.spanProcessors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
    else if (name === 'sqlite') {
      if (local.span) {
        // Each span its row as it ends, no batch of span objects (exporters/sqlite/span-processor.ts).
        const processor = new SqliteSpanProcessor(local.span, bsp);
        pipeline.spanProcessors.push(processor);
        pipeline.exitPairs.push({ exporter: processor });
      }
    } else {
      const exporter = await (await otlp(config, db)).span();
      if (exporter) pipeline.spanProcessors.push(new BatchSpanProcessor({ exporter, ...bsp }));
    }
  }
  for (const name of config.metrics.exporters) {
    if (name === 'prometheus') {
      const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
      pipeline.prometheus = new PrometheusExporter({ preventServerStart: true });
      pipeline.metricReaders.push(pipeline.prometheus);
    } else if (name === 'console') pipeline.metricReaders.push(periodic(new ConsoleMetricExporter()));
    else if (name === 'sqlite') {
      if (local.metric) {
        pipeline.metricReaders.push(periodic(local.metric));
        pipeline.exitPairs.push({ exporter: local.metric });
      }
    } else {
      const exporter = await (await otlp(config, db)).metric();
      if (exporter) pipeline.metricReaders.push(periodic(exporter));
    }
  }
  for (const name of config.logs.exporters) {
    if (name === 'console') pipeline.logRecordProcessors.push(new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() }));
    else if (name === 'sqlite') {
      if (local.log) {
        const processor = new BatchLogRecordProcessor({ exporter: local.log, ...blrp });
        pipeline.logRecordProcessors.push(processor);
        pipeline.exitPairs.push({ processor, exporter: local.log });
      }
    } else {
      const exporter = await (await otlp(config, db)).log();
      if (exporter) pipeline.logRecordProcessors.push(new BatchLogRecordProcessor({ exporter, ...blrp }));
    }
  }
  return pipeline;
}

/**
 * OTLP exporters: over HTTP wrapped in store-and-forward (a failed export
 * waits in the outbox table, not lost); over gRPC the upstream exporters,
 * imported only for the signals that ask for them.
 */
async function otlp(config: Config, db: DbGetter) {
  const m = await import('../../exporters/outbox/index.js');
  const opts = (protocol: OtlpHttpProtocol) => ({ protocol, db, maxOutboxMb: config.outboxMaxMb });
  const grpc = () => import('./otlp-grpc.js');
  return {
    span: async () => (config.traces.protocol === 'grpc' ? (await grpc()).grpcSpanExporter() : m.createOutboxSpanExporter(opts(config.traces.protocol))),
    metric: async () => (config.metrics.protocol === 'grpc' ? (await grpc()).grpcMetricExporter() : m.createOutboxMetricExporter(opts(config.metrics.protocol))),
    log: async () => (config.logs.protocol === 'grpc' ? (await grpc()).grpcLogExporter() : m.createOutboxLogExporter(opts(config.logs.protocol))),
  };
}

type OtlpHttpProtocol = Exclude<OtlpProtocol, 'grpc'>;
