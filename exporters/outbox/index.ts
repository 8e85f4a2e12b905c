export { createOutboxSpanExporter } from './span-exporter.js';
export { createOutboxMetricExporter } from './metric-exporter.js';
export { createOutboxLogExporter } from './log-exporter.js';
export { OUTBOX_DDL, OutboxTable, outboxTableFor } from './outbox-table.js';
export { resolveTarget, resolveMaxOutboxBytes } from './config.js';
export type { OtlpHttpProtocol, OtlpSignal, OutboxExporterOptions } from './types.js';
export type { DropReason } from './dropped.js';
