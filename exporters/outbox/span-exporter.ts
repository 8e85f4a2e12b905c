import type { ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { resolveProtocol } from './config.js';
import { createForwarder } from './create-forwarder.js';
import { serializeAndSubmit } from './serialize.js';
import type { OutboxExporterOptions } from './types.js';

/** OTLP/HTTP span exporter with store-and-forward through the `outbox` table. */
export function createOutboxSpanExporter(opts: OutboxExporterOptions = {}): SpanExporter {
  const forwarder = createForwarder('traces', opts);
  const serializer = resolveProtocol('traces', opts.protocol) === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      serializeAndSubmit(forwarder, serializer, 'traces', spans, resultCallback);
    },
    forceFlush: () => forwarder.forceFlush(),
    shutdown: () => forwarder.shutdown(),
  };
}
