import { rank } from './severity.js';
import type { AlertInstance, Labels } from './types.js';

/**
 * Duplicates: two firing alerts with the same labels apart from severity (or
 * the same `equal` labels when configured). Only the most severe is sent;
 * the others are inhibited by it (ties go to the lower fingerprint).
 */
export function inhibitor(a: AlertInstance, firing: readonly AlertInstance[], equal?: string[]): AlertInstance | undefined {
  const key = dedupKey(a.labels, equal);
  let best: AlertInstance | undefined;
  for (const b of firing) {
    if (b.fingerprint === a.fingerprint || dedupKey(b.labels, equal) !== key) continue;
    const wins = rank(b.severity) < rank(a.severity) || (rank(b.severity) === rank(a.severity) && b.fingerprint < a.fingerprint);
    if (wins && (!best || rank(b.severity) < rank(best.severity))) best = b;
  }
  return best;
}

function dedupKey(labels: Labels, equal?: string[]): string {
  const keys = equal ?? Object.keys(labels).filter((k) => k !== 'severity');
  return keys
    .slice()
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join('\u0000');
}
