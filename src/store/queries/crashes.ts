import type { DatabaseSync } from 'node:sqlite';
import { parseJson } from './json.js';

export interface CrashRecord {
  id: string;
  timeMs: number;
  type: string | null;
  message: string | null;
  file: string | null;
  sentMs: number | null;
}

export interface CrashRecordDetail extends CrashRecord {
  stack: string | null;
  /** The anonymised report as stored (parsed JSON; the text when it does not parse). */
  report: unknown;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toRecord(r: Record<string, unknown>): CrashRecord {
  return {
    id: String(r['id']),
    timeMs: Number(r['time_ms']),
    type: str(r['type']),
    message: str(r['message']),
    file: str(r['file']),
    sentMs: r['sent_ms'] == null ? null : Number(r['sent_ms']),
  };
}

/** Crash reports in [fromMs, toMs), newest first. */
export function crashReports(db: DatabaseSync, w: { fromMs: number; toMs?: number; limit: number }): CrashRecord[] {
  return db
    .prepare('SELECT id, time_ms, type, message, file, sent_ms FROM crash_reports WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC LIMIT ?')
    .all(w.fromMs, w.toMs ?? Number.MAX_SAFE_INTEGER, w.limit)
    .map(toRecord);
}

/** One crash report in full, or undefined. */
export function crashReport(db: DatabaseSync, id: string): CrashRecordDetail | undefined {
  const r = db.prepare('SELECT * FROM crash_reports WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!r) return undefined;
  const text = str(r['report']);
  return { ...toRecord(r), stack: str(r['stack']), report: text === null ? null : parseJson<unknown>(text, text) };
}

