import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { BatchWriter } from './batch-writer.js';
import { INSERT_SPAN, spanRow } from './span-rows.js';
import type { ExporterStats, Row, SqliteExporterOptions } from './types.js';

/**
 * Spans turned into rows per turn of the event loop: a 512-span batch of
 * heavy spans took several ms in one piece; 128 keeps each piece well
 * under 1 ms, and the few extra turns cost nothing a request would notice.
 */
export const SPANS_PER_TURN = 128;

/** A batch whose rows are being built, turn by turn; the exit path may take it over. */
interface Building {
  spans: readonly ReadableSpan[];
  rows: Row[];
  next: number;
  taken: boolean;
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

/**
 * Writes each batch of spans into `spans` in one transaction. The rows are
 * built here, SPANS_PER_TURN spans per turn of the event loop, and inserted
 * on the store's write thread (one structured-clone post per batch: cheaper
 * on the main thread than a JSON string, measured in bench/writer.mjs); the
 * callback runs when they are committed (or held for retry behind a lock),
 * and forceFlush/shutdown wait for in-flight batches.
 */
export class SqliteSpanExporter implements SpanExporter {
  private readonly writer: BatchWriter;
  private readonly building = new Set<Building>();
  private readonly exporting = new Set<Promise<ExportResult>>();
  private shutdownDone = false;

  constructor(options: SqliteExporterOptions) {
    this.writer = new BatchWriter(options.store, INSERT_SPAN, 'spans', options.thread ?? true);
  }

  get stats(): ExporterStats {
    return this.writer.stats;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const done = this.exportNow(spans);
    this.exporting.add(done);
    void done.then((result) => {
      this.exporting.delete(done);
      resultCallback(result);
    });
  }

  /**
   * The process is exiting (see exit-flush.ts): write these, the batches
   * still being turned into rows, and whatever the write thread holds,
   * synchronously.
   */
  exportAtExit(spans: readonly ReadableSpan[]): void {
    const rows: Row[] = [];
    // After shutdown only the batches it accepted are written.
    if (!this.shutdownDone) this.addRows(rows, spans, 0, spans.length);
    this.rowsAtExit(rows);
  }

  /** exportAtExit for rows already built (SqliteSpanProcessor's). */
  rowsAtExit(rows: readonly Row[]): void {
    const all: Row[] = [];
    for (const b of this.building) {
      b.taken = true;
      for (const r of b.rows) all.push(r);
      this.addRows(all, b.spans, b.next, b.spans.length);
    }
    this.building.clear();
    if (this.shutdownDone) this.writer.stats.dropped += rows.length;
    else for (const r of rows) all.push(r);
    if (!this.shutdownDone || all.length > 0) this.writer.writeAtExit(all);
  }

  /**
   * Rows built by SqliteSpanProcessor as each span ended: written like an
   * exported batch (forceFlush and shutdown wait for them). Resolves when
   * they are committed, held for retry, or counted as lost.
   */
  writeRows(rows: Row[]): Promise<unknown> {
    if (this.shutdownDone) {
      this.writer.stats.dropped += rows.length;
      return Promise.resolve();
    }
    const done = this.writer.write(rows);
    this.exporting.add(done);
    void done.then(() => this.exporting.delete(done));
    return done;
  }

  /** Starts the write thread at a quiet moment soon after start-up, not at the first write (inside a request). */
  warmSoon(): void {
    this.writer.warmSoon();
  }

  private async exportNow(spans: ReadableSpan[]): Promise<ExportResult> {
    if (this.shutdownDone) {
      this.writer.stats.dropped += spans.length;
      return { code: ExportResultCode.FAILED, error: new Error('SqliteSpanExporter is shut down') };
    }
    const b: Building = { spans, rows: [], next: 0, taken: false };
    this.building.add(b);
    for (;;) {
      const end = Math.min(b.next + SPANS_PER_TURN, spans.length);
      this.addRows(b.rows, spans, b.next, end);
      b.next = end;
      if (end === spans.length) break;
      await yieldToLoop();
      // The exit path wrote this batch in the meantime.
      if (b.taken) return SUCCESS;
    }
    this.building.delete(b);
    return this.writer.write(b.rows);
  }

  private addRows(rows: Row[], spans: readonly ReadableSpan[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      try {
        rows.push(spanRow(spans[i]!));
      } catch {
        // one malformed span (a hand-made ReadableSpan) must not lose the batch
        this.writer.stats.dropped++;
      }
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.exporting]);
    await this.writer.flush();
  }

  async shutdown(): Promise<void> {
    // Batches already handed over are still written; later ones are refused.
    this.shutdownDone = true;
    await Promise.all([...this.exporting]);
    await this.writer.flush();
  }
}
