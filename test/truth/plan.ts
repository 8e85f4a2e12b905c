// The ground truth of the scripted workload (workload.mjs runs it; the tests
// assert every surface against it). Only erasable TypeScript: the workload
// imports this file directly under Node's type stripping.

/** [planned ms, how many] pairs. */
export type Mix = ReadonlyArray<readonly [number, number]>;

export const SERVICE = 'truth-clinic';

/** HTTP: sub-millisecond, then a mix from tens of ms to over a second (the test drives these requests). */
export const FAST = { route: '/fast', n: 40 } as const;
export const WAIT = { route: '/wait/:ms', mix: [[20, 12], [150, 6], [1200, 2]] as Mix } as const;
export const BOOM = { route: '/boom', n: 4, type: 'RangeError', message: 'boom in a route' } as const;
/** A node:sqlite failure inside a request: seen by two instrumentations, still one failure each. */
export const DB_FAIL = { route: '/db-fail', n: 3, message: 'UNIQUE constraint failed: visits.id' } as const;

/** metrics.timing: exact values (no clock involved), 1 ms to 4 s (the example). */
export const TIMING = { name: 'truth.timing', mix: [[1, 90], [50, 9], [4000, 1]] as Mix } as const;
/** monitored(): real sleeps. */
export const MONITORED = { name: 'truth.monitored', mix: [[5, 10], [100, 4], [600, 1]] as Mix } as const;
/** emr.patientSearch(): real sleeps. */
export const EMR_SEARCH = { mix: [[10, 6], [300, 2]] as Mix } as const;

/** Errors of several kinds, exact counts. */
export const CAPTURED = { type: 'TypeError', message: 'captured type error', n: 3 } as const;
export const MESSAGES = { text: 'a warning message', n: 2 } as const;
/** One throw site reached through four call paths: one group, four events. */
export const SITE = { message: 'thrown at one site', paths: ['direct', 'setTimeout', 'promise', 'emitter'] } as const;

/** Batch jobs: one stopped part-way, one completed. */
export const PARTIAL_JOB = { name: 'import-partial', total: 1000, processed: 400 } as const;
export const DONE_JOB = { name: 'import-complete', total: 500 } as const;

/** A critical check failing from its first run. */
export const CHECK = { name: 'inventory', output: 'inventory service down', intervalMs: 500 } as const;

export const CRASH = { message: 'truth crash at the end' } as const;

/** Every value of a mix, ascending. */
export function values(mix: Mix): number[] {
  return mix.flatMap(([ms, n]) => Array.from({ length: n }, () => ms)).sort((a, b) => a - b);
}

export function total(mix: Mix): number {
  return mix.reduce((a, [, n]) => a + n, 0);
}
