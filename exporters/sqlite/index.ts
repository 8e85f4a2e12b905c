export { SqliteSpanExporter } from './span-exporter.js';
export { SqliteMetricExporter } from './metric-exporter.js';
export { SqliteLogRecordExporter } from './log-exporter.js';
export type { MetricRowType } from './metric-rows.js';
export type { ExporterStats, SqliteExporterOptions, StoreSource } from './types.js';
export { TimeOrderedIdGenerator } from './trace-ids.js';
export { HANDOFF_ROWS, SqliteSpanProcessor } from './span-processor.js';
