import { context, diag, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SqliteSpanExporter } from './span-exporter.js';
import { spanRow } from './span-rows.js';
import type { Row } from './types.js';

/**
 * Rows handed to the write thread at once when OTEL_BSP_MAX_EXPORT_BATCH_SIZE
 * is not set. Measured in bench/README.md ("Each span its row as it ends"):
 * small enough that building and posting them is never a long task, large
 * enough that the thread's one transaction per hand-off stays cheap.
 */
export const HANDOFF_ROWS = 64;

/** OTEL_BSP_* as the config reads them (the same names as BatchSpanProcessor's options). */
export interface SqliteSpanProcessorOptions {
  /** Longest a row waits before it is handed over (OTEL_BSP_SCHEDULE_DELAY; default 5000). */
  scheduledDelayMillis?: number;
  /** Rows waiting here or on their way to the file; beyond it spans are dropped and counted (default 2048). */
  maxQueueSize?: number;
  /** Rows per hand-off (default HANDOFF_ROWS). */
  maxExportBatchSize?: number;
}

/**
 * The SDK's BatchSpanProcessor for the SQLite exporter, minus the batch of
 * span objects: each sampled span is turned into its row as it ends, and
 * the rows are handed to the write thread HANDOFF_ROWS at a time or after
 * the schedule delay. No 512-span batch is turned into rows at once (a
 * 5.8 ms task); hand-offs stay small because rows waiting in larger ones
 * grew the young heap (bench/README.md, "Each span its row as it ends").
 *
 * Added last to the provider, so every processor that changes a span at its
 * end (redaction, in onEnding) has run. Queue drops are said like the SDK's
 * ("Dropped N spans because maxQueueSize reached", counted by
 * sayingQueueDropsOnce in vigil.export.dropped{reason="queue_full"}). On
 * `exit`, flushAtExit writes the rows still here (`exportAtExit`).
 */
export class SqliteSpanProcessor implements SpanProcessor {
  private readonly exporter: SqliteSpanExporter;
  private readonly delayMs: number;
  private readonly maxQueue: number;
  private readonly handoff: number;
  private pending: Row[] = [];
  /** Rows handed to the exporter and not settled yet (committed, held behind a lock, or lost). */
  private onTheirWay = 0;
  private readonly handedOver = new Set<Promise<unknown>>();
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private shut: Promise<void> | undefined;

  constructor(exporter: SqliteSpanExporter, options: SqliteSpanProcessorOptions = {}) {
    this.exporter = exporter;
    this.delayMs = options.scheduledDelayMillis ?? 5000;
    this.maxQueue = options.maxQueueSize ?? 2048;
    this.handoff = Math.max(1, Math.min(options.maxExportBatchSize ?? HANDOFF_ROWS, this.maxQueue));
    // The write thread's start is a ≈ 4–5 ms main-thread task: not inside the first request's.
    exporter.warmSoon();
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.shut || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.pending.length + this.onTheirWay >= this.maxQueue) {
      this.dropped++;
      return;
    }
    if (this.dropped > 0) this.sayDropped();
    try {
      this.pending.push(spanRow(span));
    } catch {
      // one malformed span (a hand-made ReadableSpan) must not lose the others
      this.exporter.stats.dropped++;
      return;
    }
    if (this.pending.length >= this.handoff) this.handOff();
    else if (!this.timer) {
      // Made in the root context: a timer keeps the context it was made in (here a request's) alive until it fires.
      this.timer = context.with(ROOT_CONTEXT, () => setTimeout(() => this.handOff(), this.delayMs).unref());
    }
  }

  /** As BatchSpanProcessor's: until every row handed over is committed or held behind a lock (the thread retries it). */
  async forceFlush(): Promise<void> {
    this.handOff();
    if (this.dropped > 0) this.sayDropped();
    await Promise.all([...this.handedOver]);
  }

  shutdown(): Promise<void> {
    this.shut ??= (async () => {
      this.handOff();
      if (this.dropped > 0) this.sayDropped();
      await this.exporter.shutdown();
    })();
    return this.shut;
  }

  /** The process `exit` event (exit-flush.ts): the rows still here, and what the write thread holds, synchronously. */
  exportAtExit(): void {
    this.clearTimer();
    const rows = this.pending;
    this.pending = [];
    if (this.dropped > 0) this.sayDropped();
    this.exporter.rowsAtExit(rows);
  }

  private handOff(): void {
    this.clearTimer();
    const rows = this.pending;
    if (rows.length === 0) return;
    this.pending = [];
    this.onTheirWay += rows.length;
    const settled = this.exporter.writeRows(rows).then(() => {
      this.onTheirWay -= rows.length;
      this.handedOver.delete(settled);
    });
    this.handedOver.add(settled);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sayDropped(): void {
    // The SDK's own words: queue-drops.ts counts them and says the first.
    diag.warn(`Dropped ${this.dropped} spans because maxQueueSize reached`);
    this.dropped = 0;
  }
}
