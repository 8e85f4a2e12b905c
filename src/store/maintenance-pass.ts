import type { DatabaseSync } from 'node:sqlite';
import { aggregateHour, pendingHours } from './rollup.js';
import { deleteChunk, RAW_TABLES, reclaim, zeroCounts, type DeletedCounts } from './raw-tables.js';
import { retentionCutoff } from './retention.js';
import { enforceSizeCap } from './size-cap.js';

export interface PassOptions {
  retentionDays?: number;
  maxDbMb?: number;
}

export interface PassResult {
  hoursAggregated: number;
  expired: DeletedCounts;
  droppedForSize: DeletedCounts;
}

/**
 * One maintenance pass: rollups of the complete hours, retention, the size
 * cap. `pause` runs between units of work (an hour, a 5,000-row delete); it
 * returns false to stop early.
 */
export async function maintenancePass(db: DatabaseSync, options: PassOptions, pause: () => Promise<boolean> | boolean): Promise<PassResult> {
  const result: PassResult = { hoursAggregated: 0, expired: zeroCounts(), droppedForSize: zeroCounts() };
  for (const hour of pendingHours(db)) {
    if (!(await pause())) return result;
    aggregateHour(db, hour);
    result.hoursAggregated++;
  }
  if (options.retentionDays && options.retentionDays > 0) {
    const cutoff = retentionCutoff({ days: options.retentionDays });
    for (const { table } of RAW_TABLES) {
      for (;;) {
        if (!(await pause())) return result;
        const n = deleteChunk(db, table, cutoff);
        result.expired[table] += n;
        if (n === 0) break;
      }
    }
    reclaim(db);
  }
  if (options.maxDbMb && options.maxDbMb > 0 && (await pause())) {
    result.droppedForSize = enforceSizeCap(db, options.maxDbMb * 1024 * 1024).dropped;
  }
  return result;
}
