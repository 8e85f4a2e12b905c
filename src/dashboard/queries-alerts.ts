import type { DatabaseSync } from 'node:sqlite';
import { firingAlerts } from '../store/queries.js';
import type { ActiveAlert, AlertEvent, AlertSummary, LiveSources, WindowInfo } from './types.js';

interface AlertRow {
  id: number;
  time_ms: number;
  event: string;
  rule: string | null;
  fingerprint: string | null;
  severity: string | null;
  title: string | null;
  message: string | null;
  labels: string | null;
  channel: string | null;
  reason: string | null;
}

function labelsOf(text: string | null): Record<string, string> {
  try {
    const v = JSON.parse(text ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function toEvent(r: AlertRow): AlertEvent {
  return {
    id: Number(r.id),
    timeMs: Number(r.time_ms),
    event: r.event,
    rule: r.rule,
    fingerprint: r.fingerprint,
    severity: r.severity,
    title: r.title,
    message: r.message,
    channel: r.channel,
    reason: r.reason,
  };
}

/** Alerts firing when the file was last written, and not past their expiry (store/queries: the one answer). */
export function activeFromTable(db: DatabaseSync, now = Date.now()): ActiveAlert[] {
  return firingAlerts(db, now, { limit: 100 }).alerts.map((r) => ({
    fingerprint: r.fingerprint || String(r.id),
    rule: r.rule,
    state: 'firing',
    severity: r.severity,
    title: r.title,
    labels: labelsOf(r.labels),
    sinceMs: r.timeMs,
  }));
}

export function activeFromLive(alerting: NonNullable<LiveSources['alerting']>): ActiveAlert[] {
  return alerting.active().map((a) => ({
    fingerprint: a.fingerprint,
    rule: a.rule,
    state: a.state,
    severity: a.severity,
    title: a.annotations['title'] ?? a.labels['alertname'] ?? a.rule,
    labels: a.labels,
    sinceMs: a.startsAtMs ?? a.activeAtMs,
  }));
}

export function recentAlerts(db: DatabaseSync, fromMs: number, toMs: number, limit = 50): AlertEvent[] {
  const rows = db
    .prepare('SELECT * FROM alerts WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC, id DESC LIMIT ?')
    .all(fromMs, toMs, limit) as unknown as AlertRow[];
  return rows.map(toEvent);
}

export function alertSummary(db: DatabaseSync, w: WindowInfo, live?: LiveSources): AlertSummary {
  const alerting = live?.alerting;
  let active: ActiveAlert[] | undefined;
  if (alerting) {
    try {
      active = activeFromLive(alerting);
    } catch {
      active = undefined; // a faulty engine must not take the summary down; the table still knows
    }
  }
  return { active: active ?? activeFromTable(db, w.toMs), recent: recentAlerts(db, w.fromMs, w.toMs), source: active ? 'live' : 'table' };
}
