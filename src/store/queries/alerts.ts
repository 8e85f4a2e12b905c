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
}

const COLUMNS = 'id, time_ms, event, rule, fingerprint, severity, title, message, labels, channel, reason';

function toRecord(r: Record<string, unknown>): AlertRecord {
  const labels = parseJson<unknown>(typeof r['labels'] === 'string' ? r['labels'] : null, {});
  return {
    id: Number(r['id']),
    timeMs: Number(r['time_ms']),
    event: String(r['event'] ?? ''),
    rule: String(r['rule'] ?? ''),
    fingerprint: r['fingerprint'] == null ? String(r['id']) : String(r['fingerprint']),
    severity: String(r['severity'] ?? ''),
    title: String(r['title'] ?? r['rule'] ?? ''),
    message: String(r['message'] ?? ''),
    // A hand-edited row shows without labels rather than failing the listing.
    labels: labels && typeof labels === 'object' && !Array.isArray(labels) ? (labels as Record<string, string>) : {},
    channel: r['channel'] == null ? null : String(r['channel']),
    reason: r['reason'] == null ? null : String(r['reason']),
  };
}

/**
 * Alerts whose latest state change (firing or resolved) is `firing`: what
 * was active when the file was last written, newest first.
 */
export function latestFiringAlerts(db: DatabaseSync, limit = 1000): AlertRecord[] {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM alerts WHERE id IN (
         SELECT MAX(id) FROM alerts WHERE event IN ('firing', 'resolved') GROUP BY fingerprint
       ) AND event = 'firing' ORDER BY time_ms DESC, id DESC LIMIT ?`,
    )
    .all(limit)
    .map(toRecord);
}

/** Every alert row (state changes and notification outcomes) in [fromMs, toMs), newest first. */
export function alertEvents(db: DatabaseSync, w: { fromMs?: number; toMs?: number; limit?: number }): AlertRecord[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM alerts WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC, id DESC LIMIT ?`)
    .all(w.fromMs ?? 0, w.toMs ?? Number.MAX_SAFE_INTEGER, w.limit ?? 50)
    .map(toRecord);
}
