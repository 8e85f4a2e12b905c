import type { DatabaseSync } from 'node:sqlite';

/** The latest stored result of one check. */
export interface CheckRecord {
  name: string;
  status: string;
  /** Rows written before the column existed say null; readers take them as not critical (the checks' common default). */
  critical: boolean;
  timeMs: number;
  observedValue: number | string | null;
  observedUnit: string | null;
  output: string | null;
  durationMs: number | null;
}

/**
 * A check silent for this long before the newest result was removed from the
 * configuration: it no longer counts (the live registry does not know it either).
 */
export const CHECK_GONE_MS = 86_400_000;

/** The latest result of every current check recorded before `beforeMs` (default: ever), by name. */
export function latestCheckResults(db: DatabaseSync, beforeMs = Number.MAX_SAFE_INTEGER): CheckRecord[] {
  const rows = db
    .prepare(
      `SELECT check_name, status, critical, time_ms, observed_value, observed_unit, output, duration_ms FROM health_checks
       WHERE id IN (
         SELECT MAX(id) FROM health_checks WHERE time_ms < ? GROUP BY check_name
         HAVING MAX(time_ms) >= (SELECT MAX(time_ms) FROM health_checks WHERE time_ms < ?) - ?
       ) ORDER BY check_name`,
    )
    .all(beforeMs, beforeMs, CHECK_GONE_MS) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    name: String(r['check_name']),
    status: String(r['status']),
    critical: Number(r['critical']) === 1,
    timeMs: Number(r['time_ms']),
    observedValue: r['observed_value'] == null ? null : (r['observed_value'] as number | string),
    observedUnit: r['observed_unit'] == null ? null : String(r['observed_unit']),
    output: r['output'] == null ? null : String(r['output']),
    durationMs: r['duration_ms'] == null ? null : Number(r['duration_ms']),
  }));
}

/** Results per check and status since `sinceMs`, with the time of the latest of each. */
export function checkStatusCounts(db: DatabaseSync, sinceMs: number): Array<{ name: string; status: string; count: number; lastMs: number }> {
  const rows = db
    .prepare('SELECT check_name AS name, status, COUNT(*) AS n, MAX(time_ms) AS last FROM health_checks WHERE time_ms >= ? GROUP BY check_name, status ORDER BY check_name')
    .all(sinceMs) as Array<{ name: string; status: string; n: number; last: number }>;
  return rows.map((r) => ({ name: r.name, status: r.status, count: Number(r.n), lastMs: Number(r.last) }));
}
