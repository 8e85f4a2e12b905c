import type { DatabaseSync } from 'node:sqlite';
import { readSilences } from '../../alerting/silence-rows.js';
import type { SilenceRows } from '../../alerting/silence-rows.js';
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

/** Silences not over yet (or all, with `all`), newest first; unreadable rows are left out and named in `skipped`. */
export function listSilences(db: DatabaseSync, opts: { all: boolean; now?: number }): SilenceRows {
  return readSilences(db, { all: opts.all, now: opts.now ?? Date.now() });
}
