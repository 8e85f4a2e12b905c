import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { countDropped } from '../../exporters/outbox/dropped.js';
import { OnceReporter, reportedError } from './once-reporter.js';
import { writeStderr } from './output.js';
import { peerVersion } from './version.js';

// OTLP over gRPC (many backends listen on 4317 only). Imported only when
// OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL=grpc: @grpc/grpc-js costs start-up
// time no offline clinic should pay, and its ≈ 5 MB every install, so the
// upstream exporters are optional peer dependencies that a user of gRPC
// installs. They read their endpoint, headers, timeout and TLS settings
// from the OTEL_EXPORTER_OTLP_* variables. There is no store-and-forward
// here: the outbox replays HTTP requests; a batch gRPC could not deliver
// is dropped and counted.

/** undefined when the exporter is not installed (said in one line; the signal's OTLP export is then off). */
export async function grpcSpanExporter(): Promise<SpanExporter | undefined> {
  const m = await installed('traces', '@opentelemetry/exporter-trace-otlp-grpc', () => import('@opentelemetry/exporter-trace-otlp-grpc'));
  return m && quiet('traces', new m.OTLPTraceExporter());
}

export async function grpcMetricExporter(): Promise<PushMetricExporter | undefined> {
  const m = await installed('metrics', '@opentelemetry/exporter-metrics-otlp-grpc', () => import('@opentelemetry/exporter-metrics-otlp-grpc'));
  return m && quiet('metrics', new m.OTLPMetricExporter());
}

export async function grpcLogExporter(): Promise<LogRecordExporter | undefined> {
  const m = await installed('logs', '@opentelemetry/exporter-logs-otlp-grpc', () => import('@opentelemetry/exporter-logs-otlp-grpc'));
  return m && quiet('logs', new m.OTLPLogExporter());
}

async function installed<M>(signal: string, name: string, load: () => Promise<M>): Promise<M | undefined> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    const version = peerVersion(name);
    writeStderr(`vigil: OTEL_EXPORTER_OTLP_PROTOCOL=grpc for ${signal} needs ${name} (npm install ${name}${version ? `@${version}` : ''}); ${signal} are not sent over OTLP, local storage is unaffected`);
    return undefined;
  }
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
