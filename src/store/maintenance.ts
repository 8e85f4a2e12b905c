import { diag } from '@opentelemetry/api';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { takeLease } from './lease.js';
import { maintenancePass } from './maintenance-pass.js';
import type { PassResult } from './maintenance-pass.js';
import type { PassRunner } from './maintenance-runner.js';
import { RAW_TABLES, zeroCounts, type DeletedCounts } from './raw-tables.js';
import type { RetentionCounts } from './retention.js';
import type { Store } from './types.js';

export interface MaintenanceOptions {
  /** Raw rows older than this are deleted (VIGIL_RETENTION_DAYS). Unset or <= 0: kept. */
  retentionDays?: number;
  /** Size cap in MB (VIGIL_MAX_DB_MB). Unset or <= 0: no cap. */
  maxDbMb?: number;
  /** Between runs; default 5 min. */
  intervalMs?: number;
  /** Before the first run, so start-up is not slowed; default 30 s. */
  firstRunMs?: number;
  /** Where passes run (the store's write thread: writeThreadRunner); without one, or when it cannot, on this thread. */
  runner?: PassRunner;
}

export interface MaintenanceStats {
  runs: number;
  hoursAggregated: number;
  /** Rows deleted by retention, per table. */
  expired: RetentionCounts;
  /** Raw rows dropped to keep the file under the size cap. */
  droppedForSize: DeletedCounts;
  lastError?: string;
  /** Periods whose pass another process sharing the database ran (it held the lease). */
  skipped?: number;
  /** Whether the last pass ran on the runner's thread. */
  onThread?: boolean;
}

export interface MaintenanceHandle {
  readonly stats: MaintenanceStats;
  /** One run now (also what the timer calls); resolves when done, never rejects. */
  runNow(): Promise<void>;
  stop(): void;
}

/**
 * Rollups, retention and the size cap on an unref'd timer: on the
 * runner's thread (the application wires the store's write thread), else
 * on this thread's writer handle. Work is cut into hours and 5,000-row deletes with a yield
 * to the event loop between them, so a first run over months of data does
 * not stall the application. Never throws; faults go to diag.
 */
export function startMaintenance(store: Store, options: MaintenanceOptions = {}): MaintenanceHandle {
  const stats: MaintenanceStats = { runs: 0, hoursAggregated: 0, expired: {}, droppedForSize: zeroCounts() };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  const record = (r: PassResult): void => {
    stats.hoursAggregated += r.hoursAggregated;
    for (const [table, n] of Object.entries(r.expired)) stats.expired[table] = (stats.expired[table] ?? 0) + n;
    for (const { table } of RAW_TABLES) stats.droppedForSize[table] += r.droppedForSize[table];
    const dropped = r.droppedForSize.spans + r.droppedForSize.messages + r.droppedForSize.metrics;
    if (dropped > 0) {
      diag.warn(
        `vigil store: ${store.path} over ${capMb} MB; dropped the oldest ${r.droppedForSize.spans} spans, ${r.droppedForSize.messages} log records, ${r.droppedForSize.metrics} metric points`,
      );
    }
  };
  const capMb = options.maxDbMb ?? store.maxDbMb;
  const passOptions = { retentionDays: options.retentionDays, maxDbMb: capMb };

  const runOnce = async (): Promise<void> => {
    if (options.runner) {
      const r = await options.runner.run(passOptions, () => stopped || store.closed);
      stats.onThread = r !== undefined;
      if (r) return record(r);
    }
    record(await maintenancePass(store.db, passOptions, async () => (await nextTurn(), !(stopped || store.closed))));
  };

  const runNow = (): Promise<void> => {
    if (running) return running;
    running = runOnce()
      .catch((err: unknown) => {
        stats.lastError = err instanceof Error ? err.message : String(err);
        diag.warn(`vigil store: maintenance of ${store.path} failed: ${stats.lastError}`);
      })
      .finally(() => {
        stats.runs++;
        running = undefined;
      });
    return running;
  };

  // Processes sharing the file take turns: the lease holder runs the period's pass, the others skip it.
  const holder = `${process.pid}:${randomBytes(6).toString('hex')}`;
  const intervalMs = options.intervalMs ?? 300_000;
  const schedule = (delay: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      if (store.closed || !takeLease(store.db, 'maintenance', holder, intervalMs)) {
        stats.skipped = (stats.skipped ?? 0) + 1;
        return schedule(intervalMs);
      }
      void runNow().then(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(options.firstRunMs ?? 30_000);

  return {
    stats,
    runNow,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
