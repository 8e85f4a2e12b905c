import type { ExportResult } from '@opentelemetry/core';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { resolveProtocol } from './config.js';
import { createForwarder } from './create-forwarder.js';
import { serializeAndSubmit } from './serialize.js';
import type { OutboxExporterOptions } from './types.js';

/** OTLP/HTTP log record exporter with store-and-forward through the `outbox` table. */
export function createOutboxLogExporter(opts: OutboxExporterOptions = {}): LogRecordExporter {
  const forwarder = createForwarder('logs', opts);
  const serializer = resolveProtocol('logs', opts.protocol) === 'http/json' ? JsonLogsSerializer : ProtobufLogsSerializer;
  return {
    export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
      serializeAndSubmit(forwarder, serializer, 'logs', logs, resultCallback);
    },
    forceFlush: () => forwarder.forceFlush(),
    shutdown: () => forwarder.shutdown(),
  };
}
