import type { DatabaseSync } from 'node:sqlite';
import { deleteChunk, RAW_TABLES, reclaim, zeroCounts, type DeletedCounts } from './raw-tables.js';

const DAY_MS = 86_400_000;

export interface CleanupOptions {
  /** Raw rows older than this many days are deleted; rollups in metrics_hourly are kept. */
  days: number;
  now?: number;
}

/** The time (ms) at or before which raw rows are deleted. */
export function retentionCutoff(options: CleanupOptions): number {
  return (options.now ?? Date.now()) - options.days * DAY_MS - 1;
}

/**
 * Deletes raw spans, messages and metric points older than `days`, then
 * returns their pages to the file system. Returns the counts deleted.
 */
export function cleanup(db: DatabaseSync, options: CleanupOptions): DeletedCounts {
  if (!(options.days >= 0)) throw new RangeError(`days must be a number >= 0, got ${options.days}`);
  const cutoff = retentionCutoff(options);
  const counts = zeroCounts();
  for (const { table } of RAW_TABLES) {
    for (let n = deleteChunk(db, table, cutoff); n > 0; n = deleteChunk(db, table, cutoff)) counts[table] += n;
  }
  reclaim(db);
  return counts;
}
