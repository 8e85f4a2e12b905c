import type { ProgressStatus } from './types.js';

/** What the registry needs from a tracker. */
export interface Tracked {
  readonly jobId: string;
  status(): ProgressStatus;
  stop(): ProgressStatus;
  flush(): void;
}

// Trackers of this process, by job id, so /api/progress and the observable
// gauges can read them. Bounded: the oldest entries go first.
const MAX_TRACKED = 200;
const TRACKED_KEY = Symbol.for('vigil.progress.trackers');
const tracked: Map<string, Tracked> = ((globalThis as Record<symbol, Map<string, Tracked> | undefined>)[
  TRACKED_KEY
] ??= new Map());

const EXIT_KEY = Symbol.for('vigil.progress.exit-hook');

export function track(t: Tracked): void {
  const g = globalThis as Record<symbol, true | undefined>;
  if (!g[EXIT_KEY]) {
    g[EXIT_KEY] = true;
    // A process that ends without shutting Vigil down (process.exit, end of script) still leaves exact rows.
    process.once('exit', stopAll);
  }
  tracked.delete(t.jobId);
  tracked.set(t.jobId, t);
  if (tracked.size > MAX_TRACKED) tracked.delete(tracked.keys().next().value!);
}

export function trackedJobs(): Iterable<Tracked> {
  return tracked.values();
}

/**
 * Final rows for every job of this process (shutdown, exit): a job still
 * running is stopped part-way with its exact counts; a finished one gets any
 * row write its throttle still owed. Never throws.
 */
export function stopAll(): void {
  for (const t of tracked.values()) {
    try {
      if (t.status().state === 'running') t.stop();
      else t.flush();
    } catch {
      // A store already closed: the checkpoint still has the counts.
    }
  }
}
