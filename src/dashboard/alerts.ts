import type { DatabaseSync } from 'node:sqlite';
import { alertEvents, firingAlerts } from '../store/index.js';
import type { AlertRecord } from '../store/index.js';
import type { ActiveAlert, AlertSummary, LiveSources, WindowInfo } from './types.js';

function fromTable(a: AlertRecord): ActiveAlert {
  return { fingerprint: a.fingerprint, rule: a.rule, state: 'firing', severity: a.severity, title: a.title, labels: a.labels, sinceMs: a.timeMs, ...(a.traceId ? { traceId: a.traceId } : {}) };
}

/** Alerts firing when the file was last written and not past their expiry (offline review, or no live engine). */
export function activeFromTable(db: DatabaseSync, now = Date.now()): ActiveAlert[] {
  return firingAlerts(db, now, { limit: 100 }).alerts.map(fromTable);
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
    ...(a.traceId ? { traceId: a.traceId } : {}),
  }));
}

/** The window's alert rows, and the active alerts: the running engine's when there is one, else the table's. */
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
  return { active: active ?? activeFromTable(db, w.toMs), recent: alertEvents(db, { fromMs: w.fromMs, toMs: w.toMs, limit: 50 }), source: active ? 'live' : 'table' };
}
