import type { DatabaseSync } from 'node:sqlite';
import { compileMatchers } from '../../alerting/matchers.js';
import type { Silence } from '../../alerting/types.js';
import { firingAlerts } from '../../store/queries.js';
import { listSilences } from './silences.js';

export interface AlertRow {
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

export interface ActiveAlert extends AlertRow {
  /** Id of the silence muting it now, if any. */
  silencedBy: string | null;
}

function toRow(r: Record<string, unknown>): AlertRow {
  let labels: Record<string, string> = {};
  try {
    labels = JSON.parse(String(r['labels'] ?? '{}')) as Record<string, string>;
  } catch {
    // a hand-edited row: show it without labels rather than fail the listing
  }
  return {
    id: Number(r['id']),
    timeMs: Number(r['time_ms']),
    event: String(r['event'] ?? ''),
    rule: String(r['rule'] ?? ''),
    fingerprint: String(r['fingerprint'] ?? ''),
    severity: String(r['severity'] ?? ''),
    title: String(r['title'] ?? ''),
    message: String(r['message'] ?? ''),
    labels,
    channel: r['channel'] == null ? null : String(r['channel']),
    reason: r['reason'] == null ? null : String(r['reason']),
  };
}

export interface ActiveAlerts {
  /** Newest first, at most the limit asked for. */
  alerts: ActiveAlert[];
  /** Firing alerts in all (the list may be cut to the limit). */
  total: number;
  /** Alerts whose process stopped vouching for them (it exited): shown as stale, not firing. */
  stale: number;
  byRule: Array<{ rule: string; count: number }>;
}

/** Alerts firing now (latest state `firing`, expiry not passed), with the silence muting each (if any). */
export function activeAlerts(db: DatabaseSync, now = Date.now(), limit?: number): ActiveAlerts {
  const firing = firingAlerts(db, now, limit === undefined ? {} : { limit });
  const silences = listSilences(db, { all: false, now }).silences.filter((s) => s.startsAtMs <= now);
  const preds = silences.map((s: Silence) => ({ id: s.id, test: compileMatchers(s.matchers) }));
  const alerts = firing.alerts.map((r) => {
    const a = toRow({ ...r, time_ms: r.timeMs, event: 'firing', channel: null, reason: null });
    return { ...a, silencedBy: preds.find((p) => p.test(a.labels))?.id ?? null };
  });
  return { alerts, total: firing.total, stale: firing.stale, byRule: firing.byRule };
}

/** Every recorded alert event (firing, resolved, notified, suppressed, failed) in the window, newest first. */
export function alertEvents(db: DatabaseSync, sinceMs: number, limit: number): AlertRow[] {
  return db.prepare('SELECT * FROM alerts WHERE time_ms >= ? ORDER BY time_ms DESC, id DESC LIMIT ?').all(sinceMs, limit).map(toRow);
}
