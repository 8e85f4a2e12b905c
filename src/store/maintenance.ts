import { diag } from '@opentelemetry/api';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { aggregateHour, pendingHours } from './rollup.js';
import { deleteChunk, RAW_TABLES, reclaim, zeroCounts, type DeletedCounts } from './raw-tables.js';
import { retentionCutoff } from './retention.js';
import { enforceSizeCap } from './size-cap.js';
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
}

export interface MaintenanceStats {
  runs: number;
  hoursAggregated: number;
  /** Raw rows deleted by retention. */
  expired: DeletedCounts;
  /** Raw rows dropped to keep the file under the size cap. */
  droppedForSize: DeletedCounts;
  lastError?: string;
}

export interface MaintenanceHandle {
  readonly stats: MaintenanceStats;
  /** One run now (also what the timer calls); resolves when done, never rejects. */
  runNow(): Promise<void>;
  stop(): void;
}

/**
 * Rollups, retention and the size cap on an unref'd timer, on the store's
 * writer handle. Work is cut into hours and 5,000-row deletes with a yield
 * to the event loop between them, so a first run over months of data does
 * not stall the application. Never throws; faults go to diag.
 */
export function startMaintenance(store: Store, options: MaintenanceOptions = {}): MaintenanceHandle {
  const stats: MaintenanceStats = { runs: 0, hoursAggregated: 0, expired: zeroCounts(), droppedForSize: zeroCounts() };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  const runOnce = async (): Promise<void> => {
    const db = store.db;
    for (const hour of pendingHours(db)) {
      if (stopped || store.closed) return;
      aggregateHour(db, hour);
      stats.hoursAggregated++;
      await nextTurn();
    }
    if (options.retentionDays && options.retentionDays > 0) {
      const cutoff = retentionCutoff({ days: options.retentionDays });
      for (const { table } of RAW_TABLES) {
        for (;;) {
          if (stopped || store.closed) return;
          const n = deleteChunk(db, table, cutoff);
          stats.expired[table] += n;
          if (n === 0) break;
          await nextTurn();
        }
      }
      reclaim(db);
    }
    const capMb = options.maxDbMb ?? store.maxDbMb;
    if (capMb && capMb > 0 && !stopped && !store.closed) {
      const r = enforceSizeCap(db, capMb * 1024 * 1024);
      const total = r.dropped.spans + r.dropped.messages + r.dropped.metrics;
      if (total > 0) {
        for (const k of RAW_TABLES) stats.droppedForSize[k.table] += r.dropped[k.table];
        diag.warn(
          `vigil store: ${store.path} over ${capMb} MB; dropped the oldest ${r.dropped.spans} spans, ${r.dropped.messages} log records, ${r.dropped.metrics} metric points`,
        );
      }
    }
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

  const schedule = (delay: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runNow().then(() => schedule(options.intervalMs ?? 300_000));
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
