import type { DatabaseSync } from 'node:sqlite';
import { healthScore } from '../../health/score.js';
import { checkStatusCounts, latestCheckResults, latestValue } from '../../store/index.js';
import type { CheckRecord } from '../../store/index.js';
import { isStatus, worst } from '../../health/status.js';
import type { CheckStatus } from '../../health/types.js';

export interface CheckRow extends CheckRecord {
  /** Share of pass+warn results in the window, percent. */
  availability: number;
  failures: number;
}

export interface HealthView {
  /** Latest recorded `vigil.health.score`; computed from the checks (all weighted alike) when none was recorded. */
  score: number | null;
  scoreSource: 'metric' | 'computed' | 'none';
  status: CheckStatus | 'unknown';
  /** Time of the newest check result: an offline copy may be hours old. */
  lastCheckMs: number | null;
  checks: CheckRow[];
}

export function readHealth(db: DatabaseSync, windowMs: number, now = Date.now()): HealthView {
  const counts = checkStatusCounts(db, now - windowMs);
  const checks = latestCheckResults(db).map((r): CheckRow => {
    const mine = counts.filter((c) => c.name === r.name);
    const total = mine.reduce((a, c) => a + c.count, 0);
    const failures = mine.filter((c) => c.status === 'fail').reduce((a, c) => a + c.count, 0);
    return {
      ...r,
      availability: total === 0 ? 100 : Math.round((1000 * (total - failures)) / total) / 10,
      failures,
    };
  });
  const statuses = checks.map((c) => c.status).filter(isStatus);
  const recorded = latestValue(db, 'vigil.health.score', Number.MAX_SAFE_INTEGER);
  let score: number | null = null;
  let scoreSource: HealthView['scoreSource'] = 'none';
  if (recorded) {
    score = Number(recorded.value);
    scoreSource = 'metric';
  } else if (statuses.length > 0) {
    // The table does not say which checks are critical, so all weigh the same here.
    score = healthScore(statuses.map((status) => ({ status, critical: false })));
    scoreSource = 'computed';
  }
  return {
    score,
    scoreSource,
    status: statuses.length > 0 ? worst(statuses) : 'unknown',
    lastCheckMs: checks.length > 0 ? Math.max(...checks.map((c) => c.timeMs)) : null,
    checks,
  };
}
