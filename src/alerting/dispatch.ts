import { diag } from '@opentelemetry/api';
import { inhibitor } from './inhibit.js';
import { RateLimiter } from './ratelimit.js';
import { atLeast, mostSevere } from './severity.js';
import type { Recorder } from './record.js';
import type { Silences } from './silences.js';
import type { AlertInstance, Channel, Labels, Notification, Routing } from './types.js';

/** Alerts listed in one notification; the rest are counted in `truncatedAlerts`. */
export const MAX_ALERTS_PER_NOTIFICATION = 50;

interface Group {
  key: string;
  labels: Labels;
  alerts: Map<string, AlertInstance>;
  nextFlushAt: number;
  flushing: boolean;
}

/** What a channel was last told about a group: the notification log. */
interface LogEntry {
  firing: Set<string>;
  atMs: number;
}

export interface DispatcherOptions {
  routing: Routing;
  channels: Channel[];
  silences: Silences;
  record: Recorder;
  now: () => number;
  externalURL: string;
}

/**
 * Alertmanager's pipeline, in process: alerts are grouped by labels, a group
 * is flushed after group_wait and then every group_interval, and each channel
 * is told only what is new, resolved, or due again after repeat_interval.
 * Silenced and inhibited alerts are left out (one `suppressed` row each).
 */
export class Dispatcher {
  private readonly groups = new Map<string, Group>();
  private readonly log = new Map<string, LogEntry>();
  private readonly noted = new Map<string, string>();
  private readonly limiter = new RateLimiter();

  constructor(private readonly o: DispatcherOptions) {}

  /** A firing or resolved alert from the state machine. */
  ingest(a: AlertInstance): void {
    const key = this.groupKey(a.labels);
    let g = this.groups.get(key);
    if (!g) {
      if (a.state !== 'firing') return; // resolved before any group knew it: nothing to tell
      const labels: Labels = {};
      for (const l of this.o.routing.groupBy) if (a.labels[l] !== undefined) labels[l] = a.labels[l];
      g = { key, labels, alerts: new Map(), nextFlushAt: this.o.now() + this.o.routing.groupWaitMs, flushing: false };
      this.groups.set(key, g);
    }
    g.alerts.set(a.fingerprint, a);
  }

  /** The earliest time a group is due, for the timer. */
  nextDueMs(): number | undefined {
    let next: number | undefined;
    for (const g of this.groups.values()) if (next === undefined || g.nextFlushAt < next) next = g.nextFlushAt;
    return next;
  }

  /** Flush every group that is due. Never rejects. */
  async flush(): Promise<void> {
    const now = this.o.now();
    const due = [...this.groups.values()].filter((g) => !g.flushing && g.nextFlushAt <= now);
    await Promise.all(due.map((g) => this.flushGroup(g, now)));
  }

  /**
   * Flush the groups holding matching alerts now, skipping group_wait (a
   * crash: the process may be gone a moment later). Resolves true when no
   * channel failed. Never rejects.
   */
  async flushNow(match: (a: AlertInstance) => boolean): Promise<boolean> {
    const now = this.o.now();
    const groups = [...this.groups.values()].filter((g) => !g.flushing && [...g.alerts.values()].some(match));
    const ok = await Promise.all(groups.map((g) => this.flushGroup(g, now)));
    return ok.every(Boolean);
  }

  /** True when every channel took the notification (or had nothing to take). */
  private async flushGroup(g: Group, now: number): Promise<boolean> {
    g.flushing = true;
    try {
      const alerts = [...g.alerts.values()];
      const firing = alerts.filter((a) => a.state === 'firing' && !this.suppressed(a, now));
      const resolved = alerts.filter((a) => a.state === 'resolved');
      const sent = await Promise.all(this.o.channels.map((c) => this.notify(c, g, firing, resolved, now)));
      for (const a of resolved) {
        if (g.alerts.get(a.fingerprint) === a) g.alerts.delete(a.fingerprint);
        this.noted.delete(a.fingerprint);
      }
      return sent.every(Boolean);
    } catch (err) {
      diag.warn(`vigil alerting: flush failed: ${(err as Error).message}`);
      return false;
    } finally {
      g.flushing = false;
      g.nextFlushAt = now + this.o.routing.groupIntervalMs;
      if (g.alerts.size === 0) this.groups.delete(g.key);
    }
  }

  /** False only when the channel failed (the next group interval tries again). */
  private async notify(c: Channel, g: Group, allFiring: AlertInstance[], allResolved: AlertInstance[], now: number): Promise<boolean> {
    const logKey = `${c.name}\u0000${g.key}`;
    const entry = this.log.get(logKey);
    const firing = allFiring.filter((a) => atLeast(a.severity, c.minSeverity));
    const resolved = allResolved.filter((a) => c.sendResolved && atLeast(a.severity, c.minSeverity) && entry?.firing.has(a.fingerprint));
    let reason: string;
    if (firing.some((a) => !entry?.firing.has(a.fingerprint))) reason = 'new';
    else if (resolved.length > 0) reason = 'resolved';
    else if (firing.length > 0 && entry && now - entry.atMs >= this.o.routing.repeatIntervalMs) reason = 'repeat';
    else {
      // Only resolutions this channel does not want: forget them so they are not "new" later.
      if (entry) for (const a of allResolved) entry.firing.delete(a.fingerprint);
      return true;
    }
    const sent = [...firing, ...resolved];
    const done = (): void => {
      if (firing.length === 0) this.log.delete(logKey);
      else this.log.set(logKey, { firing: new Set(firing.map((a) => a.fingerprint)), atMs: now });
    };
    if (c.rateLimit && !this.limiter.take(c.name, c.rateLimit, now)) {
      for (const a of sent) this.o.record('suppressed', a, c.name, `rate limited: more than ${c.rateLimit.count} notifications per ${c.rateLimit.perMs / 1000}s`, now);
      done();
      return true;
    }
    const n = this.notification(c, g, firing, resolved);
    try {
      const result = await c.send(n);
      if (result?.skipped) for (const a of sent) this.o.record('suppressed', a, c.name, result.skipped, now);
      else for (const a of sent) this.o.record('notified', a, c.name, a.state === 'resolved' ? 'resolved' : reason, now);
      done();
      return true;
    } catch (err) {
      // Not logged in the notification log: the next group interval tries again.
      const msg = (err as Error).message;
      diag.warn(`vigil alerting: channel ${c.name} failed: ${msg}`);
      for (const a of sent) this.o.record('failed', a, c.name, msg, now);
      return false;
    }
  }

  private suppressed(a: AlertInstance, now: number): boolean {
    const silence = this.o.silences.match(a.labels);
    let why: string | undefined;
    if (silence) why = `silenced by ${silence.id}${silence.comment ? ` (${silence.comment})` : ''}`;
    else {
      const by = inhibitor(a, this.allFiring(), this.o.routing.inhibitEqual);
      if (by) why = `inhibited by ${by.rule} (${by.severity}, ${by.fingerprint})`;
    }
    if (why === undefined) {
      this.noted.delete(a.fingerprint);
      return false;
    }
    if (this.noted.get(a.fingerprint) !== why) this.o.record('suppressed', a, undefined, why, now);
    this.noted.set(a.fingerprint, why);
    return true;
  }

  private allFiring(): AlertInstance[] {
    const out: AlertInstance[] = [];
    for (const g of this.groups.values()) for (const a of g.alerts.values()) if (a.state === 'firing' && !this.o.silences.match(a.labels)) out.push(a);
    return out;
  }

  private groupKey(labels: Labels): string {
    return `{${this.o.routing.groupBy.map((l) => `${l}=${JSON.stringify(labels[l] ?? '')}`).join(',')}}`;
  }

  private notification(c: Channel, g: Group, firing: AlertInstance[], resolved: AlertInstance[]): Notification {
    const all = [...firing, ...resolved];
    // Alertmanager's max_alerts: one readable message per group, with the count of the rest.
    const alerts = all.length > MAX_ALERTS_PER_NOTIFICATION ? all.slice(0, MAX_ALERTS_PER_NOTIFICATION) : all;
    return {
      receiver: c.name,
      status: firing.length > 0 ? 'firing' : 'resolved',
      groupKey: g.key,
      groupLabels: { ...g.labels },
      commonLabels: common(alerts.map((a) => a.labels)),
      commonAnnotations: common(alerts.map((a) => a.annotations)),
      alerts,
      truncatedAlerts: all.length - alerts.length,
      severity: mostSevere(all.map((a) => a.severity)),
      externalURL: this.o.externalURL,
    };
  }
}

function common(list: Labels[]): Labels {
  if (list.length === 0) return {};
  const out: Labels = { ...list[0] };
  for (const l of list.slice(1)) for (const k of Object.keys(out)) if (l[k] !== out[k]) delete out[k];
  return out;
}
