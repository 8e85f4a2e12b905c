import type { DatabaseSync } from 'node:sqlite';
import { jobs } from '../store/index.js';
import type { JobSummary, WindowInfo } from './types.js';

/** Running jobs, then jobs updated in the window, newest first. */
export function jobSummary(db: DatabaseSync, w: WindowInfo, limit = 30): JobSummary[] {
  return jobs(db, { sinceMs: w.fromMs, limit }).map((r) => ({
    jobId: r.jobId,
    name: r.name,
    state: r.state,
    total: r.total,
    processed: r.processed,
    failed: r.failed,
    percent: r.total > 0 ? Math.min(100, (100 * r.processed) / r.total) : r.state === 'completed' ? 100 : 0,
    ratePerSec: r.rate,
    etaSeconds: r.state === 'running' ? r.etaSeconds : null,
    startedMs: r.startedMs,
    updatedMs: r.updatedMs,
  }));
}
