import type { ExportResult } from '@opentelemetry/core';
import { getStringFromEnv } from '@opentelemetry/core';
import {
  CumulativeTemporalitySelector,
  DeltaTemporalitySelector,
  LowMemoryTemporalitySelector,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { AggregationTemporalitySelector, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { diag } from '@opentelemetry/api';
import { resolveProtocol } from './config.js';
import { createForwarder } from './create-forwarder.js';
import { serializeAndSubmit } from './serialize.js';
import type { OutboxExporterOptions } from './types.js';

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, read as the upstream OTLP metric exporter reads it. */
function temporalityFromEnv(): AggregationTemporalitySelector {
  const raw = (getStringFromEnv('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE') ?? 'cumulative').toLowerCase();
  if (raw === 'cumulative') return CumulativeTemporalitySelector;
  if (raw === 'delta') return DeltaTemporalitySelector;
  if (raw === 'lowmemory') return LowMemoryTemporalitySelector;
  diag.warn(`vigil outbox: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE '${raw}' is not cumulative|delta|lowmemory, using cumulative`);
  return CumulativeTemporalitySelector;
}

/** OTLP/HTTP push metric exporter with store-and-forward through the `outbox` table. */
export function createOutboxMetricExporter(opts: OutboxExporterOptions = {}): PushMetricExporter {
  const forwarder = createForwarder('metrics', opts);
  const serializer =
    resolveProtocol('metrics', opts.protocol) === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  const temporality = temporalityFromEnv();
  return {
    export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
      serializeAndSubmit(forwarder, serializer, 'metrics', metrics, resultCallback);
    },
    selectAggregationTemporality: temporality,
    forceFlush: () => forwarder.forceFlush(),
    shutdown: () => forwarder.shutdown(),
  };
}
