import type { DatabaseSync } from 'node:sqlite';

/** One `progress` row as stored. */
export interface JobRecord {
  jobId: string;
  name: string | null;
  state: string;
  total: number;
  processed: number;
  successful: number;
  failed: number;
  /** Items per second as the tracker last computed it. */
  rate: number | null;
  etaSeconds: number | null;
  startedMs: number | null;
  updatedMs: number | null;
}

/** Running jobs first, then the others updated since `sinceMs` (default: every one), newest first. */
export function jobs(db: DatabaseSync, opts: { sinceMs?: number; limit: number }): JobRecord[] {
  const rows = db
    .prepare(`SELECT * FROM progress WHERE state = 'running' OR updated_ms >= ? ORDER BY state = 'running' DESC, updated_ms DESC LIMIT ?`)
    .all(opts.sinceMs ?? 0, opts.limit) as unknown as Array<Record<string, number | string | null>>;
  const n = (v: unknown): number => Number(v ?? 0);
  const opt = (v: unknown): number | null => (v == null ? null : Number(v));
  return rows.map((r) => ({
    jobId: String(r['job_id']),
    name: r['name'] == null ? null : String(r['name']),
    state: String(r['state']),
    total: n(r['total']),
    processed: n(r['processed']),
    successful: n(r['successful']),
    failed: n(r['failed']),
    rate: opt(r['rate']),
    etaSeconds: opt(r['eta_s']),
    startedMs: opt(r['started_ms']),
    updatedMs: opt(r['updated_ms']),
  }));
}
