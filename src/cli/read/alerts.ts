import type { DatabaseSync } from 'node:sqlite';
import { compileMatchers } from '../../alerting/matchers.js';
import { firingAlerts, silences } from '../../store/index.js';
import type { AlertRecord } from '../../store/index.js';

export type AlertRow = AlertRecord;

export interface ActiveAlert extends AlertRow {
  /** Id of the silence muting it now, if any. */
  silencedBy: string | null;
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
  // Unreadable silence rows are skipped by the reader: a bad row never mutes everything.
  const muting = silences(db, { now })
    .silences.filter((s) => s.startsAtMs <= now)
    .map((s) => ({ id: s.id, test: compileMatchers(s.matchers) }));
  const alerts = firing.alerts.map(({ expiresMs: _expires, ...a }) => ({ ...a, silencedBy: muting.find((p) => p.test(a.labels))?.id ?? null }));
  return { alerts, total: firing.total, stale: firing.stale, byRule: firing.byRule };
}
