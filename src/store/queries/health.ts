import type { DatabaseSync } from 'node:sqlite';

/** The latest stored result of one check. */
export interface CheckRecord {
  name: string;
  status: string;
  timeMs: number;
  observedValue: number | string | null;
  observedUnit: string | null;
  output: string | null;
  durationMs: number | null;
}

/** The latest result of every check recorded before `beforeMs` (default: ever), by name. */
export function latestCheckResults(db: DatabaseSync, beforeMs = Number.MAX_SAFE_INTEGER): CheckRecord[] {
  const rows = db
    .prepare(
      `SELECT check_name, status, time_ms, observed_value, observed_unit, output, duration_ms FROM health_checks
       WHERE id IN (SELECT MAX(id) FROM health_checks WHERE time_ms < ? GROUP BY check_name) ORDER BY check_name`,
    )
    .all(beforeMs) as unknown as Array<{
    check_name: string;
    status: string;
    time_ms: number;
    observed_value: number | string | null;
    observed_unit: string | null;
    output: string | null;
    duration_ms: number | null;
  }>;
  return rows.map((r) => ({
    name: r.check_name,
    status: r.status,
    timeMs: Number(r.time_ms),
    observedValue: r.observed_value,
    observedUnit: r.observed_unit,
    output: r.output,
    durationMs: r.duration_ms,
  }));
}

/** Results per check and status since `sinceMs`, with the time of the latest of each. */
export function checkStatusCounts(db: DatabaseSync, sinceMs: number): Array<{ name: string; status: string; count: number; lastMs: number }> {
  const rows = db
    .prepare('SELECT check_name AS name, status, COUNT(*) AS n, MAX(time_ms) AS last FROM health_checks WHERE time_ms >= ? GROUP BY check_name, status ORDER BY check_name')
    .all(sinceMs) as Array<{ name: string; status: string; n: number; last: number }>;
  return rows.map((r) => ({ name: r.name, status: r.status, count: Number(r.n), lastMs: Number(r.last) }));
}
