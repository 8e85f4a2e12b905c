import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BatchWriter } from './batch-writer.js';
import { INSERT_METRIC, metricRows } from './metric-rows.js';
import type { ExporterStats, SqliteExporterOptions } from './types.js';

/**
 * Push exporter for a PeriodicExportingMetricReader; one collection = one
 * transaction. Counters and histograms are asked for in DELTA temporality,
 * so every stored point is what happened in its interval: hourly rollups
 * add points up and merge buckets without differencing. Up-down counters
 * and gauges stay cumulative (their current value is what matters).
 */
export class SqliteMetricExporter implements PushMetricExporter {
  private readonly writer: BatchWriter;
  private shutdownDone = false;

  constructor(options: SqliteExporterOptions) {
    this.writer = new BatchWriter(options.store, INSERT_METRIC, 'metrics', options.thread ?? true);
  }

  get stats(): ExporterStats {
    return this.writer.stats;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.shutdownDone) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('SqliteMetricExporter is shut down') });
      return;
    }
    let rows;
    try {
      rows = metricRows(metrics);
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
      return;
    }
    void this.writer.write(rows).then(resultCallback);
  }

  /** The process is exiting: points of the last collection still waiting on the write thread are written synchronously. */
  exportAtExit(): void {
    if (!this.shutdownDone) this.writer.writeAtExit([]);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    switch (instrumentType) {
      case InstrumentType.COUNTER:
      case InstrumentType.OBSERVABLE_COUNTER:
      case InstrumentType.HISTOGRAM:
        return AggregationTemporality.DELTA;
      default:
        return AggregationTemporality.CUMULATIVE;
    }
  }

  async forceFlush(): Promise<void> {
    await this.writer.flush();
  }

  async shutdown(): Promise<void> {
    this.shutdownDone = true;
    await this.writer.flush();
  }
}
