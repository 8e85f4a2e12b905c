import type { CheckStatus } from './types.js';

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };
const BY_RANK: CheckStatus[] = ['pass', 'warn', 'fail'];

export function isStatus(v: unknown): v is CheckStatus {
  return v === 'pass' || v === 'warn' || v === 'fail';
}

export function worst(statuses: Iterable<CheckStatus>): CheckStatus {
  let rank = 0;
  for (const s of statuses) rank = Math.max(rank, RANK[s]);
  return BY_RANK[rank]!;
}

/**
 * The overall status: the worst critical status; a non-critical check can
 * only degrade it to warn (a slow backup job must not take the service out
 * of a load balancer).
 */
export function overall(results: Iterable<{ status: CheckStatus; critical: boolean }>): CheckStatus {
  let rank = 0;
  for (const r of results) rank = Math.max(rank, r.critical ? RANK[r.status] : Math.min(RANK[r.status], RANK.warn));
  return BY_RANK[rank]!;
}

/** The `vigil.health.status` gauge value: 1 pass, 0.5 warn, 0 fail. */
export function statusValue(s: CheckStatus): number {
  return s === 'pass' ? 1 : s === 'warn' ? 0.5 : 0;
}

/** Status from a value and two ascending thresholds (value ≥ fail → fail, ≥ warn → warn). */
export function byThreshold(value: number, warnAt: number, failAt: number): CheckStatus {
  return value >= failAt ? 'fail' : value >= warnAt ? 'warn' : 'pass';
}
