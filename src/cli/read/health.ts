import type { DatabaseSync } from 'node:sqlite';
import { healthScore } from '../../health/score.js';
import { isStatus, worst } from '../../health/status.js';
import type { CheckStatus } from '../../health/types.js';

export interface CheckRow {
  name: string;
  status: string;
  observedValue: number | null;
  observedUnit: string | null;
  output: string | null;
  timeMs: number;
  durationMs: number | null;
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

interface Latest {
  check_name: string;
  status: string;
  observed_value: number | null;
  observed_unit: string | null;
  output: string | null;
  time_ms: number;
  duration_ms: number | null;
}

export function readHealth(db: DatabaseSync, windowMs: number, now = Date.now()): HealthView {
  const latest = db
    .prepare(
      `SELECT check_name, status, observed_value, observed_unit, output, time_ms, duration_ms FROM health_checks
       WHERE id IN (SELECT MAX(id) FROM health_checks GROUP BY check_name) ORDER BY check_name`,
    )
    .all() as unknown as Latest[];
  const counts = db
    .prepare('SELECT check_name AS name, status, COUNT(*) AS n FROM health_checks WHERE time_ms >= ? GROUP BY check_name, status')
    .all(now - windowMs) as Array<{ name: string; status: string; n: number }>;
  const checks = latest.map((r): CheckRow => {
    const mine = counts.filter((c) => c.name === r.check_name);
    const total = mine.reduce((a, c) => a + Number(c.n), 0);
    const failures = mine.filter((c) => c.status === 'fail').reduce((a, c) => a + Number(c.n), 0);
    return {
      name: r.check_name,
      status: r.status,
      observedValue: r.observed_value,
      observedUnit: r.observed_unit,
      output: r.output,
      timeMs: Number(r.time_ms),
      durationMs: r.duration_ms,
      availability: total === 0 ? 100 : Math.round((1000 * (total - failures)) / total) / 10,
      failures,
    };
  });
  const statuses = checks.map((c) => c.status).filter(isStatus);
  const recorded = db
    .prepare("SELECT value FROM metrics WHERE name = 'vigil.health.score' AND value IS NOT NULL ORDER BY time_ms DESC LIMIT 1")
    .get() as { value: number } | undefined;
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
