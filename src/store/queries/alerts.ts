import type { DatabaseSync } from 'node:sqlite';
import { parseJson } from './json.js';

/** One row of `alerts`: a state change (firing, resolved) or a notification outcome. */
export interface AlertRecord {
  id: number;
  timeMs: number;
  event: string;
  rule: string;
  fingerprint: string;
  severity: string;
  title: string;
  message: string;
  labels: Record<string, string>;
  channel: string | null;
  reason: string | null;
  /** The trace that crossed the threshold (migration 8), where there is one. */
  traceId: string | null;
}

/** The latest `firing` row of an alert that is still firing. */
export interface FiringRow extends AlertRecord {
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

// Every column: trace_id (migration 8) is read where it exists, so a table written before it still lists.
const COLUMNS = '*';

function toRecord(r: Record<string, unknown>): AlertRecord {
  const labels = parseJson<unknown>(typeof r['labels'] === 'string' ? r['labels'] : null, {});
  return {
    id: Number(r['id']),
    timeMs: Number(r['time_ms']),
    event: String(r['event'] ?? ''),
    rule: String(r['rule'] ?? ''),
    fingerprint: r['fingerprint'] == null || r['fingerprint'] === '' ? String(r['id']) : String(r['fingerprint']),
    severity: String(r['severity'] ?? ''),
    title: String(r['title'] ?? r['rule'] ?? ''),
    message: String(r['message'] ?? ''),
    // A hand-edited row shows without labels rather than failing the listing.
    labels: labels && typeof labels === 'object' && !Array.isArray(labels) ? (labels as Record<string, string>) : {},
    channel: r['channel'] == null ? null : String(r['channel']),
    reason: r['reason'] == null ? null : String(r['reason']),
    traceId: r['trace_id'] == null ? null : String(r['trace_id']),
  };
}

// The latest firing/resolved row per alert, when it is `firing`.
const LATEST_FIRING = `SELECT a.* FROM alerts a JOIN (SELECT MAX(id) AS id FROM alerts WHERE event IN ('firing', 'resolved') GROUP BY fingerprint) l ON a.id = l.id WHERE a.event = 'firing'`;
const LIVE = '(expires_ms IS NULL OR expires_ms > ?)';

/**
 * Alerts firing now: the latest state change of each is `firing` and its
 * expiry has not passed (past it, the process that fired it stopped
 * refreshing it: counted as stale, not listed). Newest first, paged.
 */
export function firingAlerts(db: DatabaseSync, now: number, page: { limit?: number; offset?: number } = {}): FiringAlerts {
  const counts = db.prepare(`SELECT SUM(${LIVE}) AS live, SUM(NOT ${LIVE}) AS stale FROM (${LATEST_FIRING})`).get(now, now) as { live: number | null; stale: number | null };
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM (${LATEST_FIRING}) WHERE ${LIVE} ORDER BY time_ms DESC, id DESC LIMIT ? OFFSET ?`)
    .all(now, page.limit ?? -1, page.offset ?? 0) as Array<Record<string, unknown>>;
  const byRule = db.prepare(`SELECT rule, COUNT(*) AS count FROM (${LATEST_FIRING}) WHERE ${LIVE} GROUP BY rule ORDER BY count DESC, rule`).all(now) as Array<{ rule: string; count: number }>;
  return {
    alerts: rows.map((r) => ({ ...toRecord(r), expiresMs: r['expires_ms'] == null ? null : Number(r['expires_ms']) })),
    total: Number(counts.live ?? 0),
    stale: Number(counts.stale ?? 0),
    byRule: byRule.map((r) => ({ rule: String(r.rule ?? ''), count: Number(r.count) })),
  };
}

/** Every alert row (state changes and notification outcomes) in [fromMs, toMs), newest first. */
export function alertEvents(db: DatabaseSync, w: { fromMs?: number; toMs?: number; limit?: number }): AlertRecord[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM alerts WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC, id DESC LIMIT ?`)
    .all(w.fromMs ?? 0, w.toMs ?? Number.MAX_SAFE_INTEGER, w.limit ?? 50)
    .map(toRecord);
}
