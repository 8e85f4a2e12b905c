import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { countDropped } from '../../exporters/outbox/dropped.js';
import { OnceReporter, reportedError } from './once-reporter.js';

// OTLP over gRPC (many backends listen on 4317 only). Imported only when
// OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL=grpc: @grpc/grpc-js costs start-up
// time no offline clinic should pay. The upstream exporters read their
// endpoint, headers, timeout and TLS settings from the OTEL_EXPORTER_OTLP_*
// variables. There is no store-and-forward here: the outbox replays HTTP
// requests; a batch gRPC could not deliver is dropped and counted.

export async function grpcSpanExporter(): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
  return quiet('traces', new OTLPTraceExporter());
}

export async function grpcMetricExporter(): Promise<PushMetricExporter> {
  const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-grpc');
  return quiet('metrics', new OTLPMetricExporter());
}

export async function grpcLogExporter(): Promise<LogRecordExporter> {
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-grpc');
  return quiet('logs', new OTLPLogExporter());
}

/** One line per kind of failure, drops counted in vigil.export.dropped, one line when the backend takes data again. */
function quiet<E extends { export(items: never, cb: (r: ExportResult) => void): void }>(signal: string, exporter: E): E {
  const reporter = new OnceReporter();
  const original = exporter.export.bind(exporter);
  exporter.export = ((items: never, cb: (r: ExportResult) => void) => {
    original(items, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        reporter.recover('', (n) => `vigil: ${signal} OTLP/gRPC backend accepts exports again after ${n} failed export${n === 1 ? '' : 's'}`);
        return cb(result);
      }
      const message = (result.error?.message ?? 'export failed').split('\n')[0]!;
      countDropped('send_failed', signal);
      reporter.report(message, `vigil: dropped a ${signal} export over OTLP/gRPC: ${message}; further drops are counted in vigil.export.dropped`);
      cb({ code: ExportResultCode.FAILED, error: reportedError(message) });
    });
  }) as E['export'];
  return exporter;
}
