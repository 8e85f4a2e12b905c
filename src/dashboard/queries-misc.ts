import type { DatabaseSync } from 'node:sqlite';
import type { CrashSummary, JobSummary, WindowInfo } from './types.js';

export function crashSummary(db: DatabaseSync, w: WindowInfo, limit = 20): CrashSummary[] {
  const rows = db
    .prepare('SELECT id, time_ms, type, message, sent_ms FROM crash_reports WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC LIMIT ?')
    .all(w.fromMs, w.toMs, limit) as unknown as Array<{ id: string; time_ms: number; type: string | null; message: string | null; sent_ms: number | null }>;
  return rows.map((r) => ({ id: r.id, timeMs: Number(r.time_ms), type: r.type, message: r.message, sent: r.sent_ms != null }));
}

/** One crash report with its full (anonymised) report JSON. */
export function crashDetail(db: DatabaseSync, id: string): Record<string, unknown> | undefined {
  const r = db.prepare('SELECT * FROM crash_reports WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!r) return undefined;
  let report: unknown = r.report;
  try {
    report = JSON.parse(String(r.report));
  } catch {
    // kept as text
  }
  return { ...r, report };
}

/** Running jobs, then jobs updated in the window, newest first. */
export function jobSummary(db: DatabaseSync, w: WindowInfo, limit = 30): JobSummary[] {
  const rows = db
    .prepare(
      `SELECT * FROM progress WHERE state = 'running' OR updated_ms >= ?
       ORDER BY state = 'running' DESC, updated_ms DESC LIMIT ?`,
    )
    .all(w.fromMs, limit) as unknown as Array<{
    job_id: string;
    name: string | null;
    state: string;
    total: number | null;
    processed: number | null;
    failed: number | null;
    rate: number | null;
    eta_s: number | null;
    started_ms: number | null;
    updated_ms: number | null;
  }>;
  return rows.map((r) => {
    const total = Number(r.total ?? 0);
    const processed = Number(r.processed ?? 0);
    return {
      jobId: r.job_id,
      name: r.name,
      state: r.state,
      total,
      processed,
      failed: Number(r.failed ?? 0),
      percent: total > 0 ? Math.min(100, (100 * processed) / total) : r.state === 'completed' ? 100 : 0,
      ratePerSec: r.rate,
      etaSeconds: r.state === 'running' ? r.eta_s : null,
      startedMs: r.started_ms,
      updatedMs: r.updated_ms,
    };
  });
}
