/**
 * `process.exit()` from the application skips beforeExit and every timer:
 * spans and log records still in the SDK's batch processors, and batches
 * queued for the write thread, would be lost. On the `exit` event only
 * synchronous work runs, and node:sqlite is synchronous, so they are
 * written there, on the main handle. (OTLP sends and the metrics of the
 * current interval cannot be: they need the event loop.)
 */

import { reportExitLosses } from './batch-writer.js';

/** What the exit path needs of a SQLite exporter. */
export interface ExitWriter {
  exportAtExit(items: readonly never[]): void;
}

/** A batch processor feeding a SQLite exporter (none for the metric exporter: its reader collects asynchronously). */
export interface ExitPair {
  processor?: object;
  exporter: ExitWriter;
}

/**
 * The batch processors keep their queue private (`_finishedSpans`,
 * `_finishedLogRecords`) and their forceFlush is asynchronous for logs.
 * Read only here, at exit; test/unit/exporters-sqlite/exit-flush.test.ts
 * checks the installed SDK still has them.
 */
export function takePending(processor: object | undefined): never[] {
  const p = processor as { _finishedSpans?: unknown; _finishedLogRecords?: unknown } | undefined;
  const queue = p?._finishedSpans ?? p?._finishedLogRecords;
  if (!Array.isArray(queue)) return [];
  return queue.splice(0) as never[];
}

/** Never throws: it runs inside the application's exit. */
export function flushAtExit(pairs: readonly ExitPair[]): void {
  try {
    for (const { processor, exporter } of pairs) exporter.exportAtExit(takePending(processor));
    reportExitLosses();
  } catch {
    // the process is ending; nothing left to do about it
  }
}
