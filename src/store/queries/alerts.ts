import type { DatabaseSync } from 'node:sqlite';

/** The latest `firing` row of an alert that is still firing. */
export interface FiringRow {
  id: number;
  timeMs: number;
  rule: string;
  fingerprint: string;
  severity: string;
  title: string;
  message: string;
  labels: string;
  /** Until when the process that fired it vouches for it (null: written before expiries existed). */
  expiresMs: number | null;
}

export interface FiringAlerts {
  /** Newest first, one page (`limit`, `offset`). */
  alerts: FiringRow[];
  /** Firing alerts in all, before paging. */
  total: number;
  /** Firing rows past their expiry: the process that fired them stopped refreshing them (it exited). */
  stale: number;
  /** Firing alerts per rule, most first (Alertmanager's group_by alertname). */
  byRule: Array<{ rule: string; count: number }>;
}

// The latest firing/resolved row per alert, when it is `firing`.
const LATEST_FIRING = `SELECT a.* FROM alerts a JOIN (SELECT MAX(id) AS id FROM alerts WHERE event IN ('firing', 'resolved') GROUP BY fingerprint) l ON a.id = l.id WHERE a.event = 'firing'`;
const LIVE = '(expires_ms IS NULL OR expires_ms > ?)';

/** Alerts firing now: the latest state of each is `firing` and its expiry has not passed. */
export function firingAlerts(db: DatabaseSync, now: number, page: { limit?: number; offset?: number } = {}): FiringAlerts {
  const counts = db.prepare(`SELECT SUM(${LIVE}) AS live, SUM(NOT ${LIVE}) AS stale FROM (${LATEST_FIRING})`).get(now, now) as { live: number | null; stale: number | null };
  const rows = db
    .prepare(`SELECT id, time_ms, rule, fingerprint, severity, title, message, labels, expires_ms FROM (${LATEST_FIRING}) WHERE ${LIVE} ORDER BY time_ms DESC, id DESC LIMIT ? OFFSET ?`)
    .all(now, page.limit ?? -1, page.offset ?? 0) as Array<Record<string, unknown>>;
  const byRule = db.prepare(`SELECT rule, COUNT(*) AS count FROM (${LATEST_FIRING}) WHERE ${LIVE} GROUP BY rule ORDER BY count DESC, rule`).all(now) as Array<{ rule: string; count: number }>;
  return {
    alerts: rows.map((r) => ({
      id: Number(r['id']),
      timeMs: Number(r['time_ms']),
      rule: String(r['rule'] ?? ''),
      fingerprint: String(r['fingerprint'] ?? ''),
      severity: String(r['severity'] ?? ''),
      title: String(r['title'] ?? ''),
      message: String(r['message'] ?? ''),
      labels: String(r['labels'] ?? '{}'),
      expiresMs: r['expires_ms'] == null ? null : Number(r['expires_ms']),
    })),
    total: Number(counts.live ?? 0),
    stale: Number(counts.stale ?? 0),
    byRule: byRule.map((r) => ({ rule: String(r.rule ?? ''), count: Number(r.count) })),
  };
}
