import { healthScore } from './score.js';
import { isStatus, overall } from './status.js';
import type { CheckStatus, Verdict, VerdictInput } from './types.js';

/**
 * The score may not say "healthy" while the status does not: a warn caps it
 * below the dashboard's green (90), a fail at 50. Without this a service with
 * one warning among many passing checks showed a green 95 beside "warn".
 */
export const SCORE_CEILING: Record<CheckStatus, number> = { pass: 100, warn: 89, fail: 50 };

/**
 * The one status-and-score computation: `/health`, `/api/health`, `vigil
 * health`, `vigil report` and the dashboard (live or offline) all call it,
 * so the same results give the same answer everywhere.
 */
export function verdict(results: readonly VerdictInput[]): Verdict {
  const status = overall(results);
  const score = Math.min(healthScore(results), SCORE_CEILING[status]);
  const failing = results.filter((r) => r.status !== 'pass').map((r) => `${r.name}: ${r.output ?? r.status}`);
  return failing.length > 0 ? { status, score, output: failing.join('; ') } : { status, score };
}

/** A verdict from stored rows (`health_checks`); an unknown status counts as fail. undefined when there are none. */
export function storedVerdict(rows: ReadonlyArray<{ name: string; status: string; critical: boolean; output: string | null }>): Verdict | undefined {
  if (rows.length === 0) return undefined;
  return verdict(rows.map((r) => ({ name: r.name, status: isStatus(r.status) ? r.status : 'fail', critical: r.critical, output: r.output })));
}
