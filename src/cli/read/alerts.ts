import type { DatabaseSync } from 'node:sqlite';
import { compileMatchers } from '../../alerting/matchers.js';
import { latestFiringAlerts, silences } from '../../store/index.js';
import type { AlertRecord } from '../../store/index.js';

export type AlertRow = AlertRecord;

export interface ActiveAlert extends AlertRow {
  /** Id of the silence muting it now, if any. */
  silencedBy: string | null;
}

/** Alerts whose latest state change is `firing`, with the silence muting each (if any). */
export function activeAlerts(db: DatabaseSync, now = Date.now()): ActiveAlert[] {
  const muting = silences(db, { now })
    .filter((s) => s.startsAtMs <= now && s.matchers.length > 0)
    .map((s) => ({ id: s.id, test: compileMatchers(s.matchers) }));
  return latestFiringAlerts(db).map((a) => ({ ...a, silencedBy: muting.find((p) => p.test(a.labels))?.id ?? null }));
}
