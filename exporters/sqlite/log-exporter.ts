import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BatchWriter } from './batch-writer.js';
import { INSERT_MESSAGE, messageRow } from './log-rows.js';
import type { ExporterStats, Row, SqliteExporterOptions } from './types.js';

/** Writes each batch of log records into `messages` in one transaction. */
export class SqliteLogRecordExporter implements LogRecordExporter {
  private readonly writer: BatchWriter;
  private shutdownDone = false;

  constructor(options: SqliteExporterOptions) {
    this.writer = new BatchWriter(options.store, INSERT_MESSAGE, 'logs', options.thread ?? true);
  }

  get stats(): ExporterStats {
    return this.writer.stats;
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.shutdownDone) {
      this.writer.stats.dropped += logs.length;
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('SqliteLogRecordExporter is shut down') });
      return;
    }
    void this.writer.write(this.rows(logs)).then(resultCallback);
  }

  /** The process is exiting (see exit-flush.ts): write these and whatever the write thread holds, synchronously. */
  exportAtExit(logs: readonly ReadableLogRecord[]): void {
    if (!this.shutdownDone) this.writer.writeAtExit(this.rows(logs));
  }

  private rows(logs: readonly ReadableLogRecord[]): Row[] {
    const rows: Row[] = [];
    for (const log of logs) {
      try {
        rows.push(messageRow(log));
      } catch {
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
