import { diag, metrics } from '@opentelemetry/api';
import type { Counter, Meter } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { Dispatcher } from './dispatch.js';
import { DEFAULT_WINDOW_MS, evaluateExpr } from './evaluate.js';
import { EventMemory } from './events.js';
import { createRecorder } from './record.js';
import { RuleState } from './state.js';
import { SeriesStore } from './series.js';
import { traceOf } from './trace-of.js';
import type { TraceCandidates } from './trace-of.js';
import type { Silences } from './silences.js';
import type { LoadedRule } from './rules.js';
import type { Active, Transition } from './state.js';
import type { Recorder } from './record.js';
import type { AlertInstance, Channel, DbGetter, EventKind, Routing } from './types.js';

export interface EngineOptions {
  rules: LoadedRule[];
  channels: Channel[];
  routing: Routing;
  silences: Silences;
  db?: DbGetter;
  now: () => number;
  intervalMs: number;
  externalURL: string;
  meter?: Meter;
  /** At most this many alerts per rule at once (default 100); the rest are counted. */
  maxAlertsPerRule?: number;
}

/**
 * How long a `firing` row counts as firing without a refresh: four
 * evaluation intervals, at least a minute (Prometheus sends Alertmanager
 * endsAt = 4 × its resend interval). A process that exits stops refreshing,
 * so its alerts go stale instead of firing forever.
 */
export function alertTtlMs(intervalMs: number): number {
  return 4 * Math.max(intervalMs, 15_000);
}

/**
 * Evaluation and dispatch: metric rules against the collected series, event
 * rules against recent events, each through its state machine; transitions
 * are recorded, counted and handed to the dispatcher.
 */
export class Engine {
  readonly store = new SeriesStore();
  readonly events = new EventMemory();
  readonly dispatcher: Dispatcher;
  private readonly states: Array<{ loaded: LoadedRule; state: RuleState }>;
  private readonly record: Recorder;
  private counter: Counter | undefined;
  private readonly maxEventWindowMs: number;
  /** Row id of each firing alert's `firing` row, whose expiry every evaluation pushes forward. */
  private readonly firingRows = new Map<string, number>();
  /** How long a firing row stays "firing" for readers without a refresh (see alertTtlMs). */
  readonly ttlMs: number;
  private readonly overflowWarned = new Set<string>();
  /** Spans read for alerts' traces in this evaluation (one read per rule, not per firing label set). */
  private readonly traceCandidates: TraceCandidates = new Map();

  constructor(private readonly o: EngineOptions) {
    this.record = createRecorder(o.db);
    this.states = o.rules.map((loaded) => ({ loaded, state: new RuleState(loaded.rule, o.maxAlertsPerRule) }));
    this.ttlMs = alertTtlMs(o.intervalMs);
    this.dispatcher = new Dispatcher({ routing: o.routing, channels: o.channels, silences: o.silences, record: this.record, now: o.now, externalURL: o.externalURL });
    let longest = DEFAULT_WINDOW_MS;
    let longestEvent = DEFAULT_WINDOW_MS;
    for (const { rule, expr } of o.rules) {
      if (expr) longest = Math.max(longest, expr.windowMs ?? 0);
      else longestEvent = Math.max(longestEvent, rule.windowMs);
    }
    // One extra interval so a snapshot at or before the window's start is still held.
    this.store.retainMs = longest + 2 * o.intervalMs;
    this.maxEventWindowMs = longestEvent;
  }

  /** A collection from the reader: store it, then evaluate every rule. */
  onCollect(rm: ResourceMetrics | undefined): void {
    const now = this.o.now();
    this.traceCandidates.clear();
    if (rm) this.store.ingest(rm, now);
    this.events.prune(now, this.maxEventWindowMs);
    for (const s of this.states) this.evaluateOne(s, now);
    // Alive and still firing: push the rows' expiry forward (Prometheus re-sends endsAt the same way).
    this.record.refresh([...this.firingRows.values()], now + this.ttlMs);
  }

  /**
   * An event arrived. A status (sticky: health) re-evaluates its rules at
   * once, since a pass resolves; an occurrence (an error group, a crash)
   * only adds or refreshes its own alert, and the evaluation interval
   * resolves the ones whose window ran out.
   */
  onEvent(kind: EventKind, key: string, active: Active, sticky = false): void {
    const now = this.o.now();
    this.events.record(kind, key, active, now, sticky);
    for (const s of this.states) {
      if (s.loaded.rule.kind !== kind) continue;
      if (sticky) this.evaluateOne(s, now);
      else this.touchOne(s, key, now);
    }
  }

  private touchOne(s: { loaded: LoadedRule; state: RuleState }, key: string, now: number): void {
    try {
      const a = this.events.activeOf(s.loaded.rule, key, now);
      if (a) for (const t of s.state.touch(a, now)) this.transition(t, now, s);
      this.warnOverflow(s);
    } catch (err) {
      diag.warn(`vigil alerting: rule ${s.loaded.rule.name} failed: ${(err as Error).message}`);
    }
  }

  private warnOverflow(s: { loaded: LoadedRule; state: RuleState }): void {
    const name = s.loaded.rule.name;
    if (s.state.overflow === 0 || this.overflowWarned.has(name)) return;
    this.overflowWarned.add(name);
    diag.warn(`vigil alerting: rule ${name} holds its cap of ${s.state.limit} alerts; more are counted, not alerted one by one`);
  }

  /** Re-evaluate the rules of one kind now (a `for` that has run out since their last event). */
  evaluateKind(kind: EventKind): void {
    const now = this.o.now();
    for (const s of this.states) if (s.loaded.rule.kind === kind) this.evaluateOne(s, now);
  }

  active(): AlertInstance[] {
    return this.states.flatMap((s) => s.state.active());
  }

  /** Label sets left out per rule because the rule holds its cap of alerts (the count of the rest). */
  truncated(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.states) if (s.state.overflow > 0) out[s.loaded.rule.name] = s.state.overflow;
    return out;
  }

  rules(): LoadedRule[] {
    return this.states.map((s) => s.loaded);
  }

  private evaluateOne(s: { loaded: LoadedRule; state: RuleState }, now: number): void {
    try {
      const { rule, expr } = s.loaded;
      const actives: Active[] = expr ? evaluateExpr(expr, this.store, now) : this.events.actives(rule, now);
      for (const t of s.state.update(actives, now)) this.transition(t, now, s);
      this.warnOverflow(s);
    } catch (err) {
      diag.warn(`vigil alerting: rule ${s.loaded.rule.name} failed: ${(err as Error).message}`);
    }
  }

  private transition(t: Transition, now: number, s: { loaded: LoadedRule; state: RuleState }): void {
    if (t.to === 'inactive') return; // pending that did not last: nothing to tell
    if (t.to === 'firing') this.linkTrace(t.alert, s, now);
    const reason =
      t.to === 'pending'
        ? 'condition holds; waiting for its "for" duration'
        : t.to === 'firing'
          ? t.alert.value !== undefined
            ? `value ${t.alert.value}`
            : 'event'
          : 'condition cleared';
    const id = this.record(t.to, t.alert, undefined, reason, now, t.to === 'firing' ? now + this.ttlMs : undefined);
    if (t.to === 'firing' && id !== undefined) this.firingRows.set(t.alert.fingerprint, id);
    if (t.to === 'resolved') this.firingRows.delete(t.alert.fingerprint);
    if (t.to === 'pending') return;
    this.count(t.alert, t.to);
    this.dispatcher.ingest(t.alert);
  }

  /** Once, when it fires: the stored trace that crossed the threshold, where there is one. */
  private linkTrace(a: AlertInstance, s: { loaded: LoadedRule; state: RuleState }, now: number): void {
    try {
      const db = this.o.db?.();
      const traceId = db ? traceOf(db, s.loaded, a, now, this.traceCandidates) : undefined;
      if (!traceId) return;
      a.traceId = traceId;
      s.state.setTrace(a.fingerprint, traceId);
    } catch (err) {
      diag.debug(`vigil alerting: no trace for ${a.rule}: ${(err as Error).message}`);
    }
  }

  private count(a: AlertInstance, state: string): void {
    try {
      this.counter ??= (this.o.meter ?? metrics.getMeter('@vigil/otel')).createCounter('vigil.alerts', {
        description: 'Alert state transitions, by severity and state',
      });
      this.counter.add(1, { severity: a.severity, state });
    } catch {
      // A metrics failure must not stop an alert.
    }
  }
}
