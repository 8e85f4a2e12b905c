import type { HrTime } from '@opentelemetry/api';

/**
 * Exact integer ns as decimal text: cheaper than a BigInt and exact where a
 * number would round (~256 ns at today's epoch). INTEGER affinity makes
 * SQLite store it as an integer.
 */
export function hrToNsText(t: HrTime): string {
  const ns = t[1];
  return ns >= 100_000_000 ? `${t[0]}${ns}` : `${t[0]}${String(ns).padStart(9, '0')}`;
}

export function hrToMs(t: HrTime): number {
  return t[0] * 1000 + Math.floor(t[1] / 1_000_000);
}

export function hrToMsFloat(t: HrTime): number {
  return t[0] * 1000 + t[1] / 1_000_000;
}
