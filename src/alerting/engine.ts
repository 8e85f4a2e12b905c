import { diag, metrics } from '@opentelemetry/api';
import type { Counter, Meter } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { Dispatcher } from './dispatch.js';
import { DEFAULT_WINDOW_MS, evaluateExpr } from './evaluate.js';
import { EventMemory } from './events.js';
import { createRecorder } from './record.js';
import { RuleState } from './state.js';
import { SeriesStore } from './series.js';
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

  constructor(private readonly o: EngineOptions) {
    this.record = createRecorder(o.db);
    this.states = o.rules.map((loaded) => ({ loaded, state: new RuleState(loaded.rule) }));
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
    if (rm) this.store.ingest(rm, now);
    this.events.prune(now, this.maxEventWindowMs);
    for (const s of this.states) this.evaluateOne(s, now);
  }

  /** An event arrived: evaluate the rules of its kind at once. */
  onEvent(kind: EventKind, key: string, active: Active, sticky = false): void {
    const now = this.o.now();
    this.events.record(kind, key, active, now, sticky);
    for (const s of this.states) if (s.loaded.rule.kind === kind) this.evaluateOne(s, now);
  }

  /** Re-evaluate the rules of one kind now (a `for` that has run out since their last event). */
  evaluateKind(kind: EventKind): void {
    const now = this.o.now();
    for (const s of this.states) if (s.loaded.rule.kind === kind) this.evaluateOne(s, now);
  }

  active(): AlertInstance[] {
    return this.states.flatMap((s) => s.state.active());
  }

  rules(): LoadedRule[] {
    return this.states.map((s) => s.loaded);
  }

  private evaluateOne(s: { loaded: LoadedRule; state: RuleState }, now: number): void {
    try {
      const { rule, expr } = s.loaded;
      const actives: Active[] = expr ? evaluateExpr(expr, this.store, now) : this.events.actives(rule, now);
      for (const t of s.state.update(actives, now)) this.transition(t, now);
    } catch (err) {
      diag.warn(`vigil alerting: rule ${s.loaded.rule.name} failed: ${(err as Error).message}`);
    }
  }

  private transition(t: Transition, now: number): void {
    if (t.to === 'inactive') return; // pending that did not last: nothing to tell
    const reason =
      t.to === 'pending'
        ? 'condition holds; waiting for its "for" duration'
        : t.to === 'firing'
          ? t.alert.value !== undefined
            ? `value ${t.alert.value}`
            : 'event'
          : 'condition cleared';
    this.record(t.to, t.alert, undefined, reason, now);
    if (t.to === 'pending') return;
    this.count(t.alert, t.to);
    this.dispatcher.ingest(t.alert);
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
