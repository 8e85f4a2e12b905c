import type { DatabaseSync } from 'node:sqlite';

export interface CrashRow {
  id: string;
  timeMs: number;
  type: string | null;
  message: string | null;
  file: string | null;
  sentMs: number | null;
}

export interface CrashDetail extends CrashRow {
  stack: string | null;
  /** The anonymised report as stored (parsed JSON). */
  report: unknown;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toRow(r: Record<string, unknown>): CrashRow {
  return {
    id: String(r['id']),
    timeMs: Number(r['time_ms']),
    type: str(r['type']),
    message: str(r['message']),
    file: str(r['file']),
    sentMs: r['sent_ms'] == null ? null : Number(r['sent_ms']),
  };
}

export function listCrashes(db: DatabaseSync, opts: { sinceMs: number; limit: number }): CrashRow[] {
  return db
    .prepare('SELECT id, time_ms, type, message, file, sent_ms FROM crash_reports WHERE time_ms >= ? ORDER BY time_ms DESC LIMIT ?')
    .all(opts.sinceMs, opts.limit)
    .map(toRow);
}

export function showCrash(db: DatabaseSync, id: string): CrashDetail {
  const r = db.prepare('SELECT * FROM crash_reports WHERE id = ?').get(id) as Record<string, unknown>;
  let report: unknown = null;
  if (typeof r['report'] === 'string') {
    try {
      report = JSON.parse(r['report']);
    } catch {
      report = r['report'];
    }
  }
  return { ...toRow(r), stack: str(r['stack']), report };
}
