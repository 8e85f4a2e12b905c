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
