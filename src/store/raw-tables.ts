import type { DatabaseSync } from 'node:sqlite';

/** Raw telemetry tables and their time column; what retention and the size cap delete from. */
export const RAW_TABLES = [
  { table: 'spans', column: 'start_ms' },
  { table: 'messages', column: 'time_ms' },
  { table: 'metrics', column: 'time_ms' },
] as const;

export type RawTable = (typeof RAW_TABLES)[number]['table'];
export type DeletedCounts = Record<RawTable, number>;

export function zeroCounts(): DeletedCounts {
  return { spans: 0, messages: 0, metrics: 0 };
}

/** Chunked so each statement (and, in the maintenance loop, each turn of the event loop) stays short. */
export const DELETE_CHUNK = 5000;

/** Deletes up to `limit` rows with time <= cutoff (or NULL time) from one raw table; returns how many. */
export function deleteChunk(db: DatabaseSync, table: RawTable, cutoffInclusive: number, limit = DELETE_CHUNK): number {
  const column = RAW_TABLES.find((t) => t.table === table)!.column;
  const result = db
    .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} <= ? OR ${column} IS NULL LIMIT ?)`)
    .run(cutoffInclusive, limit);
  return Number(result.changes);
}

/** Bytes the database's live pages take (file size minus free pages). */
export function usedBytes(db: DatabaseSync): number {
  const pc = db.prepare('PRAGMA page_count').get() as { page_count: number };
  const fl = db.prepare('PRAGMA freelist_count').get() as { freelist_count: number };
  const ps = db.prepare('PRAGMA page_size').get() as { page_size: number };
  return (Number(pc.page_count) - Number(fl.freelist_count)) * Number(ps.page_size);
}

/** Gives free pages back to the file system (needs auto_vacuum=INCREMENTAL, set on creation). */
export function reclaim(db: DatabaseSync): void {
  db.exec('PRAGMA incremental_vacuum');
}
