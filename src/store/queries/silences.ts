import type { DatabaseSync } from 'node:sqlite';
import type { Matcher, Silence } from '../../alerting/types.js';
import { parseJson } from './json.js';

/** Silences not over at `now` (or every one, with `all`), newest first. Unreadable matchers: listed with none. */
export function silences(db: DatabaseSync, opts: { all?: boolean; now?: number } = {}): Silence[] {
  const now = opts.now ?? Date.now();
  const rows = db
    .prepare(`SELECT id, matchers, starts_ms, ends_ms, created_by, comment, created_ms FROM silences ${opts.all ? '' : 'WHERE ends_ms > ?'} ORDER BY created_ms DESC`)
    .all(...(opts.all ? [] : [now]));
  return rows.map((r) => {
    const matchers = parseJson<unknown>(String(r['matchers'] ?? '[]'), []);
    return {
      id: String(r['id']),
      matchers: Array.isArray(matchers) ? (matchers as Matcher[]) : [],
      startsAtMs: Number(r['starts_ms']),
      endsAtMs: Number(r['ends_ms']),
      createdBy: String(r['created_by'] ?? ''),
      comment: String(r['comment'] ?? ''),
      createdAtMs: Number(r['created_ms'] ?? 0),
    };
  });
}
