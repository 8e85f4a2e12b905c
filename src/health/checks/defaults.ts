import type { CheckOptions } from '../types.js';

/** Default intervals, from the issue: database 30 s, HTTP 60 s, system 15 s. */
export const INTERVALS = { database: 30_000, http: 60_000, system: 15_000, backup: 300_000 } as const;
export const DEFAULT_TIMEOUT = 5_000;

/** The scheduling half of a HealthCheck from user options over a check's defaults. */
export function schedule(o: CheckOptions, d: { name: string; critical: boolean; interval: number; timeout?: number }) {
  return {
    name: o.name ?? d.name,
    critical: o.critical ?? d.critical,
    intervalMs: o.interval ?? d.interval,
    timeoutMs: o.timeout ?? d.timeout ?? DEFAULT_TIMEOUT,
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
