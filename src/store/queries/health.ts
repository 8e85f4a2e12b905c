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
  /** Who wrote it (`service.name`, process id); null in rows older than migration 9, read as one process. */
  service?: string | null;
  pid?: number | null;
}

/**
 * A check silent for this long before the newest result was removed from the
 * configuration: it no longer counts (the live registry does not know it either).
 */
export const CHECK_GONE_MS = 86_400_000;

/**
 * A process whose newest row is this much older than its service's newest
 * has exited (a killed or restarted worker): its results no longer count.
 * A running process writes its system checks (memory, cpu, event loop,
 * disk) every 15 s, flushed within 5 s, so four intervals of silence while
 * its siblings write is no running process. A worker killed less than this
 * ago still counts with its last results, as a silent peer does on live
 * /health. Checks whose intervals were all set longer than this would make
 * a live process look gone between writes: the limit to know.
 */
export const PROCESS_GONE_MS = 60_000;

/**
 * The latest result of every current check recorded before `beforeMs`
 * (default: ever), per service, process and check: the processes that
 * wrote within PROCESS_GONE_MS of their service's newest row, the checks
 * that wrote within CHECK_GONE_MS of the newest row of all. Sorted by
 * service, pid, check.
 */
export function latestCheckResults(db: DatabaseSync, beforeMs = Number.MAX_SAFE_INTEGER): CheckRecord[] {
  // Only rows within CHECK_GONE_MS of the newest can be kept below, so only those are grouped (the
  // time index serves the range): a month of 15 s checks is not read on every refresh.
  const top = db.prepare('SELECT MAX(time_ms) AS t FROM health_checks WHERE time_ms < ?').get(beforeMs) as { t: number | null };
  if (top.t == null) return [];
  const rows = db
    .prepare(
      `SELECT h.check_name, h.status, h.critical, h.time_ms, h.observed_value, h.observed_unit, h.output, h.duration_ms, h.service_name, h.pid, g.proc_last
       FROM health_checks h JOIN (
         SELECT MAX(id) AS id, MAX(MAX(time_ms)) OVER (PARTITION BY service_name, pid) AS proc_last FROM health_checks
         WHERE time_ms >= ? AND time_ms < ? GROUP BY service_name, pid, check_name
       ) g ON h.id = g.id
       ORDER BY h.service_name, h.pid, h.check_name`,
    )
    .all(Number(top.t) - CHECK_GONE_MS, beforeMs) as Array<Record<string, unknown>>;
  const newest = Math.max(...rows.map((r) => Number(r['time_ms'])));
  const serviceLast = new Map<unknown, number>();
  for (const r of rows) serviceLast.set(r['service_name'], Math.max(serviceLast.get(r['service_name']) ?? 0, Number(r['proc_last'])));
  return rows
    .filter((r) => Number(r['time_ms']) >= newest - CHECK_GONE_MS && Number(r['proc_last']) >= serviceLast.get(r['service_name'])! - PROCESS_GONE_MS)
    .map((r) => ({
      name: String(r['check_name']),
      status: String(r['status']),
      critical: Number(r['critical']) === 1,
      timeMs: Number(r['time_ms']),
      observedValue: r['observed_value'] == null ? null : (r['observed_value'] as number | string),
      observedUnit: r['observed_unit'] == null ? null : String(r['observed_unit']),
      output: r['output'] == null ? null : String(r['output']),
      durationMs: r['duration_ms'] == null ? null : Number(r['duration_ms']),
      service: r['service_name'] == null ? null : String(r['service_name']),
      pid: r['pid'] == null ? null : Number(r['pid']),
    }));
}

/** Results per service, process, check and status since `sinceMs`, with the time of the latest of each (service and pid null: rows older than migration 9). */
export function checkStatusCounts(db: DatabaseSync, sinceMs: number): Array<{ service: string | null; pid: number | null; name: string; status: string; count: number; lastMs: number }> {
  const rows = db
    .prepare(
      'SELECT service_name AS service, pid, check_name AS name, status, COUNT(*) AS n, MAX(time_ms) AS last FROM health_checks WHERE time_ms >= ? GROUP BY service_name, pid, check_name, status ORDER BY check_name',
    )
    .all(sinceMs) as Array<{ service: string | null; pid: number | null; name: string; status: string; n: number; last: number }>;
  return rows.map((r) => ({ service: r.service ?? null, pid: r.pid == null ? null : Number(r.pid), name: r.name, status: r.status, count: Number(r.n), lastMs: Number(r.last) }));
}
