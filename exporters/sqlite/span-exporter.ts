import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { BatchWriter } from './batch-writer.js';
import { INSERT_SPAN, spanRow } from './span-rows.js';
import type { ExporterStats, Row, SqliteExporterOptions } from './types.js';

/**
 * Writes each batch of spans into `spans` in one transaction. The rows are
 * built here and inserted on the store's write thread; the callback runs
 * when they are committed (or held for retry behind a lock), and
 * forceFlush/shutdown wait for in-flight batches.
 */
export class SqliteSpanExporter implements SpanExporter {
  private readonly writer: BatchWriter;
  private shutdownDone = false;

  constructor(options: SqliteExporterOptions) {
    this.writer = new BatchWriter(options.store, INSERT_SPAN, 'spans', options.thread ?? true);
  }

  get stats(): ExporterStats {
    return this.writer.stats;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    void this.exportNow(spans).then(resultCallback);
  }

  /** The process is exiting (see exit-flush.ts): write these and whatever the write thread holds, synchronously. */
  exportAtExit(spans: readonly ReadableSpan[]): void {
    if (!this.shutdownDone) this.writer.writeAtExit(this.rows(spans));
  }

  private exportNow(spans: ReadableSpan[]): Promise<ExportResult> {
    if (this.shutdownDone) {
      this.writer.stats.dropped += spans.length;
      return Promise.resolve({ code: ExportResultCode.FAILED, error: new Error('SqliteSpanExporter is shut down') });
    }
    return this.writer.write(this.rows(spans));
  }

  private rows(spans: readonly ReadableSpan[]): Row[] {
    const rows: Row[] = [];
    for (const span of spans) {
      try {
        rows.push(spanRow(span));
      } catch {
        // one malformed span (a hand-made ReadableSpan) must not lose the batch
        this.writer.stats.dropped++;
      }
    }
    return rows;
  }

  async forceFlush(): Promise<void> {
    await this.writer.flush();
  }

  async shutdown(): Promise<void> {
    this.shutdownDone = true;
    await this.writer.flush();
  }
}
