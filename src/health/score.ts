import { statusValue } from './status.js';
import type { CheckStatus } from './types.js';

/**
 * Health score, 0–100. The weights, as documented for users:
 *
 *   - each check scores 1 for pass, 0.5 for warn, 0 for fail;
 *   - a critical check weighs 3, a non-critical check 1;
 *   - score = round(100 × Σ weight·points / Σ weight);
 *   - a failing critical check caps the score at 50, because then the
 *     service is unhealthy however many other checks pass;
 *   - no results yet → 100 (nothing known to be wrong).
 */
export const SCORE_WEIGHTS = { critical: 3, nonCritical: 1, criticalFailCap: 50 } as const;

export function healthScore(results: Iterable<{ status: CheckStatus; critical: boolean }>): number {
  let sum = 0;
  let weights = 0;
  let criticalFail = false;
  for (const r of results) {
    const w = r.critical ? SCORE_WEIGHTS.critical : SCORE_WEIGHTS.nonCritical;
    sum += w * statusValue(r.status);
    weights += w;
    if (r.critical && r.status === 'fail') criticalFail = true;
  }
  if (weights === 0) return 100;
  const score = Math.round((100 * sum) / weights);
  return criticalFail ? Math.min(score, SCORE_WEIGHTS.criticalFailCap) : score;
}
