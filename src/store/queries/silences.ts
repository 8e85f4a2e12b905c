import type { DatabaseSync } from 'node:sqlite';
import { normaliseMatchers } from '../../alerting/matchers.js';
import type { Silence } from '../../alerting/types.js';

export interface SilenceRows {
  silences: Silence[];
  /** Rows that cannot be read (an end past 2^53 ms, broken matchers): left out, each with the reason. */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * Silences not over at `now` (or every one, with `all`), newest first, one
 * row at a time: a bad row (written by an older Vigil that accepted any
 * duration, or hand-edited matchers) is skipped and named, never hides the
 * others and never mutes everything. Read with BigInts so an oversized
 * integer cannot make the whole statement throw. The running engine, `vigil
 * silence`, `vigil alerts` and the dashboard share it.
 */
export function silences(db: DatabaseSync, opts: { all?: boolean; now?: number } = {}): SilenceRows {
  const now = opts.now ?? Date.now();
  const stmt = db.prepare(`SELECT id, matchers, starts_ms, ends_ms, created_by, comment, created_ms FROM silences ${opts.all ? '' : 'WHERE ends_ms > ?'} ORDER BY created_ms DESC`);
  stmt.setReadBigInts(true);
  const rows = (opts.all ? stmt.all() : stmt.all(now)) as Array<Record<string, unknown>>;
  const out: SilenceRows = { silences: [], skipped: [] };
  for (const r of rows) {
    const id = String(r['id']);
    try {
      out.silences.push({
        id,
        matchers: normaliseMatchers(JSON.parse(String(r['matchers'] ?? '[]'))),
        startsAtMs: safeNumber(r['starts_ms'], 'starts_ms'),
        endsAtMs: safeNumber(r['ends_ms'], 'ends_ms'),
        createdBy: String(r['created_by'] ?? ''),
        comment: String(r['comment'] ?? ''),
        createdAtMs: r['created_ms'] == null ? 0 : safeNumber(r['created_ms'], 'created_ms'),
      });
    } catch (err) {
      out.skipped.push({ id, reason: (err as Error).message });
    }
  }
  return out;
}

function safeNumber(v: unknown, column: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) throw new Error(`${column} = ${String(v)} is not a time Vigil can use`);
  return n;
}
