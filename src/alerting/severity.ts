import { SEVERITIES } from './types.js';
import type { Severity } from './types.js';

/** 0 = CRITICAL … 3 = INFO. */
export function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** True when `s` is at least as urgent as `min`. */
export function atLeast(s: Severity, min: Severity): boolean {
  return rank(s) <= rank(min);
}

export function mostSevere(list: readonly Severity[]): Severity {
  let best: Severity = 'INFO';
  for (const s of list) if (rank(s) < rank(best)) best = s;
  return best;
}
