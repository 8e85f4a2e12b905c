import { statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { deleteChunk, RAW_TABLES, reclaim, usedBytes, zeroCounts, type DeletedCounts } from './raw-tables.js';

export interface SizeCapResult {
  dropped: DeletedCounts;
  bytesBefore: number;
  bytesAfter: number;
  /** False when the raw tables are empty and the file is still over the cap (other tables fill it). */
  underCap: boolean;
}

const MAX_ROUNDS = 40;

/**
 * Drops the oldest raw rows (spans, messages, metric points together, by
 * time) until the live pages fit in maxBytes. Each round removes the oldest
 * share of rows that the overshoot suggests, plus 2 % so it rarely needs
 * another round; rollups and the other tables are never touched.
 */
export function enforceSizeCap(db: DatabaseSync, maxBytes: number, options: { reclaim?: boolean } = {}): SizeCapResult {
  const dropped = zeroCounts();
  const bytesBefore = usedBytes(db);
  let used = bytesBefore;
  for (let round = 0; round < MAX_ROUNDS && used > maxBytes; round++) {
    const total = rawRowCount(db);
    if (total === 0) break;
    const share = Math.min(1, (used - maxBytes) / used + 0.02);
    const cutoff = nthOldestTime(db, Math.max(1, Math.ceil(total * share)));
    if (cutoff == null) break;
    for (const { table } of RAW_TABLES) {
      for (let n = deleteChunk(db, table, cutoff); n > 0; n = deleteChunk(db, table, cutoff)) dropped[table] += n;
    }
    used = usedBytes(db);
  }
  if (used < bytesBefore && options.reclaim !== false) reclaim(db);
  return { dropped, bytesBefore, bytesAfter: usedBytes(db), underCap: used <= maxBytes };
}

function rawRowCount(db: DatabaseSync): number {
  let n = 0;
  for (const { table } of RAW_TABLES) n += Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
  return n;
}

/** The time of the k-th oldest raw row across the three tables. */
function nthOldestTime(db: DatabaseSync, k: number): number | null {
  const row = db
    .prepare(
      `SELECT t FROM (SELECT start_ms AS t FROM spans UNION ALL SELECT time_ms FROM messages UNION ALL SELECT time_ms FROM metrics)
       ORDER BY t LIMIT 1 OFFSET ?`,
    )
    .get(k - 1) as { t: number | null } | undefined;
  return row?.t == null ? null : Number(row.t);
}

/** What the cap is measured on: the database file and its WAL, as the file system sees them. */
export function fileBytes(path: string): number {
  let n = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      n += statSync(file).size;
    } catch {
      // no WAL yet
    }
  }
  return n;
}

/** Room kept under the cap for one round of deletes in the WAL; bounded so a large cap does not delete hundreds of MB at once. */
function headroom(maxBytes: number): number {
  return Math.min(maxBytes * 0.3, 64 * 1024 * 1024);
}

/**
 * Run by the writer after each commit, so the cap holds as data arrives and
 * not only when the maintenance timer next runs. Under the threshold
 * (cap minus headroom) this is two stat calls. Over it: checkpoint and
 * truncate the WAL (it never shrinks on its own); if the live pages are
 * still over, drop the oldest raw rows down to cap minus twice the
 * headroom, and truncate the WAL again. The freed pages are reused rather
 * than returned (a vacuum would rewrite most of the file through the WAL,
 * doubling it for a moment). Returns the number of raw rows dropped.
 */
export function keepUnderCap(db: DatabaseSync, path: string, maxBytes: number): number {
  if (!(maxBytes > 0)) return 0;
  const room = headroom(maxBytes);
  if (fileBytes(path) <= maxBytes - room) return 0;
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  if (usedBytes(db) <= maxBytes - room) return 0;
  const { dropped } = enforceSizeCap(db, Math.floor(maxBytes - 2 * room), { reclaim: false });
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  // A file already over the cap (a lower cap than before): give the free pages back, once.
  if (fileBytes(path) > maxBytes) {
    reclaim(db);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }
  return dropped.spans + dropped.messages + dropped.metrics;
}
