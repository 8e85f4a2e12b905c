import type { DatabaseSync } from 'node:sqlite';
import { storedVerdict } from '../../health/verdict.js';
import type { CheckStatus } from '../../health/types.js';
import { checkStatusCounts, latestCheckResults } from '../../store/index.js';
import type { CheckRecord } from '../../store/index.js';

export interface CheckRow extends CheckRecord {
  /** Share of pass+warn results in the window, percent. */
  availability: number;
  failures: number;
}

export interface HealthView {
  /** From the latest stored result of each check, by the same computation as /health (health/verdict.ts). */
  score: number | null;
  status: CheckStatus | 'unknown';
  /** Why, when not passing: `check: output; ...`, as /health says it. */
  output?: string;
  /** Time of the newest check result: an offline copy may be hours old. */
  lastCheckMs: number | null;
  checks: CheckRow[];
}

export function readHealth(db: DatabaseSync, windowMs: number, now = Date.now()): HealthView {
  const latest = latestCheckResults(db);
  const counts = checkStatusCounts(db, now - windowMs);
  const checks = latest.map((r): CheckRow => {
    const mine = counts.filter((c) => c.name === r.name);
    const total = mine.reduce((a, c) => a + c.count, 0);
    const failures = mine.filter((c) => c.status === 'fail').reduce((a, c) => a + c.count, 0);
    return { ...r, availability: total === 0 ? 100 : Math.round((1000 * (total - failures)) / total) / 10, failures };
  });
  const v = storedVerdict(latest);
  return {
    score: v?.score ?? null,
    status: v?.status ?? 'unknown',
    ...(v?.output !== undefined ? { output: v.output } : {}),
    lastCheckMs: checks.length > 0 ? Math.max(...checks.map((c) => c.timeMs)) : null,
    checks,
  };
}
