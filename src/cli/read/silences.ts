import type { DatabaseSync } from 'node:sqlite';
import type { Matcher, Silence } from '../../alerting/types.js';

export type SilenceState = 'active' | 'pending' | 'expired';

export function silenceState(s: Silence, now = Date.now()): SilenceState {
  if (s.endsAtMs <= now) return 'expired';
  return s.startsAtMs > now ? 'pending' : 'active';
}

/** `alertname="ApiErrors", severity=~"error|critical"`: the form Alertmanager users read. */
export function formatMatchers(ms: readonly Matcher[]): string {
  const op = (m: Matcher) => (m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=');
  return ms.map((m) => `${m.name}${op(m)}${JSON.stringify(m.value)}`).join(', ');
}

/** Silences not over yet (or all, with `all`), newest first. */
export function listSilences(db: DatabaseSync, opts: { all: boolean; now?: number }): Silence[] {
  const now = opts.now ?? Date.now();
  const rows = db
    .prepare(`SELECT * FROM silences ${opts.all ? '' : 'WHERE ends_ms > ?'} ORDER BY created_ms DESC`)
    .all(...(opts.all ? [] : [now])) as Array<Record<string, unknown>>;
  return rows.map((r) => {
    let matchers: Matcher[] = [];
    try {
      matchers = JSON.parse(String(r['matchers'] ?? '[]')) as Matcher[];
    } catch {
      // unreadable matchers: listed with none, never matched
    }
    return {
      id: String(r['id']),
      matchers,
      startsAtMs: Number(r['starts_ms']),
      endsAtMs: Number(r['ends_ms']),
      createdBy: String(r['created_by'] ?? ''),
      comment: String(r['comment'] ?? ''),
      createdAtMs: Number(r['created_ms'] ?? 0),
    };
  });
}
