import type { DatabaseSync } from 'node:sqlite';
import { aggregateHour, pendingHours } from './rollup.js';
import { zeroCounts, type DeletedCounts } from './raw-tables.js';
import { retentionSteps, type RetentionCounts } from './retention.js';
import { enforceSizeCap } from './size-cap.js';

export interface PassOptions {
  retentionDays?: number;
  maxDbMb?: number;
}

export interface PassResult {
  hoursAggregated: number;
  /** Rows deleted by retention, per table. */
  expired: RetentionCounts;
  droppedForSize: DeletedCounts;
}

/**
 * One maintenance pass: rollups of the complete hours, retention, the size
 * cap. `pause` runs between units of work (an hour, a 5,000-row delete); it
 * returns false to stop early.
 */
export async function maintenancePass(db: DatabaseSync, options: PassOptions, pause: () => Promise<boolean> | boolean): Promise<PassResult> {
  const result: PassResult = { hoursAggregated: 0, expired: {}, droppedForSize: zeroCounts() };
  for (const hour of pendingHours(db)) {
    if (!(await pause())) return result;
    aggregateHour(db, hour);
    result.hoursAggregated++;
  }
  if (options.retentionDays && options.retentionDays > 0) {
    // The same generator as `vigil cleanup`: a pause between chunks, stopping early when asked.
    const steps = retentionSteps(db, { days: options.retentionDays });
    for (let s = steps.next(); ; s = steps.next()) {
      if (s.done) {
        result.expired = s.value;
        break;
      }
      result.expired[s.value.table] = (result.expired[s.value.table] ?? 0) + s.value.deleted;
      if (!(await pause())) return result;
    }
  }
  if (options.maxDbMb && options.maxDbMb > 0 && (await pause())) {
    result.droppedForSize = enforceSizeCap(db, options.maxDbMb * 1024 * 1024).dropped;
  }
  return result;
}
