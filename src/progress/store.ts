import { diag } from '@opentelemetry/api';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { jobs } from '../store/index.js';
import type { ProgressState, ProgressStatus } from './types.js';

const UPSERT = `INSERT INTO progress
  (job_id, name, state, total, processed, successful, failed, rate, eta_s, started_ms, updated_ms)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(job_id) DO UPDATE SET
    name = excluded.name, state = excluded.state, total = excluded.total,
    processed = excluded.processed, successful = excluded.successful, failed = excluded.failed,
    rate = excluded.rate, eta_s = excluded.eta_s, started_ms = excluded.started_ms,
    updated_ms = excluded.updated_ms`;

const statements = new WeakMap<DatabaseSync, StatementSync>();
let warned = false;

/** Upsert the job's row in `progress`; a store fault is logged once and dropped. */
export function saveProgress(db: DatabaseSync, s: ProgressStatus): void {
  try {
    let stmt = statements.get(db);
    if (stmt === undefined) {
      stmt = db.prepare(UPSERT);
      statements.set(db, stmt);
    }
    stmt.run(
      s.jobId,
      s.name,
      s.state,
      s.total,
      s.processed,
      s.successful,
      s.failed,
      s.rate,
      s.etaSeconds,
      s.startedMs,
      s.updatedMs,
    );
  } catch (err) {
    if (!warned) {
      warned = true;
      diag.warn('vigil progress: cannot write the progress table (later failures are silent)', err);
    }
  }
}

/** Rows of `progress`, newest first, as statuses. */
export function loadProgress(db: DatabaseSync, limit = 200): ProgressStatus[] {
  try {
    return jobs(db, { limit }).map((r) => ({
      jobId: r.jobId,
      name: r.name ?? r.jobId,
      state: r.state as ProgressState,
      total: r.total,
      processed: r.processed,
      successful: r.successful,
      failed: r.failed,
      percent: r.total > 0 ? Math.min(100, (r.processed / r.total) * 100) : 0,
      rate: r.rate ?? 0,
      etaSeconds: r.etaSeconds,
      elapsedMs: Math.max(0, (r.updatedMs ?? 0) - (r.startedMs ?? 0)),
      startedMs: r.startedMs ?? 0,
      updatedMs: r.updatedMs ?? 0,
      resumed: false,
    }));
  } catch (err) {
    diag.warn('vigil progress: cannot read the progress table', err);
    return [];
  }
}
