import type { ProgressStatus } from './types.js';

/** What the registry needs from a tracker. */
export interface Tracked {
  readonly jobId: string;
  status(): ProgressStatus;
}

// Trackers of this process, by job id, so /api/progress and the observable
// gauges can read them. Bounded: the oldest entries go first.
const MAX_TRACKED = 200;
const TRACKED_KEY = Symbol.for('vigil.progress.trackers');
const tracked: Map<string, Tracked> = ((globalThis as Record<symbol, Map<string, Tracked> | undefined>)[
  TRACKED_KEY
] ??= new Map());

export function track(t: Tracked): void {
  tracked.delete(t.jobId);
  tracked.set(t.jobId, t);
  if (tracked.size > MAX_TRACKED) tracked.delete(tracked.keys().next().value!);
}

export function trackedJobs(): Iterable<Tracked> {
  return tracked.values();
}
