import type { Active } from './state.js';
import type { AlertRule, EventKind, Labels, Severity } from './types.js';

/** What the error tracker hands over for a new or regressed group. */
export interface ErrorGroupEvent {
  fingerprint?: string;
  type?: string;
  message?: string;
  culprit?: string;
  level?: string;
  count?: number;
}

/** What the crash reporter hands over. */
export interface CrashEvent {
  id?: string;
  type?: string;
  message?: string;
}

export interface DirectAlert {
  severity?: Severity | Lowercase<Severity>;
  title: string;
  message?: string;
  labels?: Labels;
}

interface Entry {
  active: Active;
  atMs: number;
  /** Health entries hold a status, not an occurrence: they never age out. */
  sticky?: boolean;
}

/**
 * Recent events by kind and key. An event rule's condition holds while an
 * event of its kind happened within the rule's window (or, for health, while
 * the check's latest status is one the rule watches).
 */
export class EventMemory {
  private readonly byKind = new Map<EventKind, Map<string, Entry>>();

  record(kind: EventKind, key: string, active: Active, now: number, sticky = false): void {
    let map = this.byKind.get(kind);
    if (!map) this.byKind.set(kind, (map = new Map()));
    map.set(key, { active, atMs: now, ...(sticky ? { sticky } : {}) });
  }

  actives(rule: AlertRule, now: number): Active[] {
    if (rule.kind === 'metric') return [];
    const map = this.byKind.get(rule.kind);
    if (!map) return [];
    const out: Active[] = [];
    for (const e of map.values()) if (holds(rule, e, now)) out.push(e.active);
    return out;
  }

  /** The event recorded under `key`, if it makes the rule's condition hold now. */
  activeOf(rule: AlertRule, key: string, now: number): Active | undefined {
    const e = rule.kind === 'metric' ? undefined : this.byKind.get(rule.kind)?.get(key);
    return e && holds(rule, e, now) ? e.active : undefined;
  }

  /** Forget occurrences older than the longest window. */
  prune(now: number, maxWindowMs: number): void {
    for (const map of this.byKind.values()) {
      for (const [k, e] of map) if (!e.sticky && now - e.atMs > maxWindowMs) map.delete(k);
    }
  }
}

function holds(rule: AlertRule, e: Entry, now: number): boolean {
  if (!e.sticky && now - e.atMs >= rule.windowMs) return false;
  if (rule.kind === 'health' && !(rule.statuses ?? ['fail']).includes(e.active.labels['status'] ?? '')) return false;
  if (rule.kind === 'slow_operation' && rule.minMs !== undefined && (e.active.value ?? 0) < rule.minMs) return false;
  return true;
}

export function errorGroupActive(g: ErrorGroupEvent): Active {
  const labels: Labels = {};
  if (g.type) labels['error_type'] = g.type;
  if (g.fingerprint) labels['error_group'] = g.fingerprint;
  const message = [g.type, g.message].filter(Boolean).join(': ');
  return { labels, annotations: { message: g.culprit ? `${message} (${g.culprit})` : message }, ...(g.count !== undefined ? { value: g.count } : {}) };
}

export function crashActive(c: CrashEvent): Active {
  return {
    labels: c.type ? { crash_type: c.type } : {},
    annotations: { message: [c.type, c.message].filter(Boolean).join(': ') || 'the process crashed' },
  };
}
