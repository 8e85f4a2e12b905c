import type { DatabaseSync } from 'node:sqlite';

/**
 * A named lease in the database (table `leases`, migration 6): of all the
 * processes sharing one monitoring.db, the one holding it does the work
 * (the periodic maintenance pass), so retention, rollups and the size cap
 * run once per period, not once per process. It lapses by itself when its
 * holder dies. True when `holder` has it now.
 */
export function takeLease(db: DatabaseSync, name: string, holder: string, forMs: number, nowMs: number = Date.now()): boolean {
  try {
    const r = db
      .prepare(
        `INSERT INTO leases (name, holder, until_ms) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
         WHERE leases.until_ms <= ? OR leases.holder = excluded.holder`,
      )
      .run(name, holder, nowMs + forMs, nowMs);
    return Number(r.changes) > 0;
  } catch {
    // No leases table (a database this store did not migrate): nobody else coordinates either.
    return true;
  }
}
