import { diag } from '@opentelemetry/api';
import type { Meter } from '@opentelemetry/api';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { Router } from 'express';
import { redactText } from '../privacy/index.js';
import { createChannel } from './channels/index.js';
import { DEFAULT_RULES } from './defaults.js';
import { Engine } from './engine.js';
import { crashActive, errorGroupActive } from './events.js';
import { fingerprint } from './fingerprint.js';
import { AlertingReader } from './reader.js';
import { loadRule, parseSeverity } from './rules.js';
import { Silences } from './silences.js';
import type { ChannelConfig } from './channels/types.js';
import type { AlertingConfig } from './config.js';
import type { CrashEvent, DirectAlert, ErrorGroupEvent } from './events.js';
import type { LoadedRule } from './rules.js';
import type { AlertInstance, AlertRule, AlertRuleInput, Channel, DbGetter, Routing, Silence, SilenceInput } from './types.js';

export interface AlertingOptions {
  /** From parseAlertingSection. */
  config?: AlertingConfig;
  /** Rules in code; a name already used (default or config) is replaced. */
  rules?: AlertRuleInput[];
  /** Channel configs or ready channels (custom handlers: `{ type: 'custom', handler }`). */
  channels?: Array<ChannelConfig | Channel>;
  routing?: Partial<Routing>;
  /** Ship the default rules (default: config.defaults, else true). */
  defaults?: boolean;
  db?: DbGetter;
  /** Injected clock (tests). */
  now?: () => number;
  /** Rule evaluation interval (default 15 s). */
  evaluationIntervalMs?: number;
  /** false: no timers at all; call evaluate() and flush() (tests, benchmarks). */
  timers?: boolean;
  /** Where the dashboard lives, for links in notifications. */
  externalURL?: string;
  /** Labels that identify this instance (`service`, `instance`), added to what Alertmanager channels send. */
  externalLabels?: Record<string, string>;
  meter?: Meter;
}

export interface Alerting {
  /** Add to the MeterProvider's readers. */
  readonly reader: MetricReader;
  alert(a: DirectAlert): void;
  createSilence(input: SilenceInput): Silence;
  expireSilence(id: string): boolean;
  listSilences(): Silence[];
  /** Pending and firing alerts. */
  active(): AlertInstance[];
  rules(): AlertRule[];
  onErrorGroup(kind: 'new' | 'regression', group: ErrorGroupEvent): void;
  /** A health check changed status; `observed` also feeds the memory/CPU/disk rules. */
  onHealthChange(check: string, from: string | undefined, to: string, observed?: { value: number; unit?: string }): void;
  /** A health check's observed value (percent for memory, CPU, disk). */
  observeHealth(check: string, value: number, unit?: string): void;
  /**
   * Every run of every check (the health room calls it): the first result
   * counts as a change (a check failing from its first run alerts), and each
   * result re-evaluates the health rules, so a `for` ends on time.
   */
  onHealthResult(check: string, status: string, observed?: { value: number; unit?: string }): void;
  onSlowOperation(name: string, ms: number): void;
  /**
   * Sent without group_wait; resolves once the channels answered (the process may be dying):
   * true when every channel took it, or there was nothing to send.
   */
  onCrash(report: CrashEvent): Promise<boolean>;
  /** Collect (when the reader is registered), evaluate every rule, flush due groups. */
  evaluate(): Promise<void>;
  /** Flush the groups that are due. */
  flush(): Promise<void>;
  /** The /api/alerts routes; the router module (and Express) load on this first call. */
  router(): Promise<Router>;
  /** Add a channel while running (`alerts.onAlert`); returns its removal. */
  addChannel(channel: ChannelConfig | Channel): () => void;
  shutdown(): Promise<void>;
}

export const DEFAULT_ROUTING: Routing = { groupBy: ['alertname'], groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, repeatIntervalMs: 4 * 3_600_000 };
const OBSERVED_STALE_MS = 5 * 60_000;

/** Build the alerting room. Options given in code may throw (a bad rule); nothing at run time does. */
export function createAlerting(opts: AlertingOptions = {}): Alerting {
  const now = opts.now ?? Date.now;
  const intervalMs = opts.evaluationIntervalMs ?? 15_000;
  const timers = opts.timers !== false;
  const routing: Routing = { ...DEFAULT_ROUTING, ...opts.config?.routing, ...opts.routing };
  const silences = new Silences(opts.db, now);
  for (const s of opts.config?.silences ?? []) {
    try {
      silences.create(s, false);
    } catch (err) {
      diag.warn(`vigil alerting: config silence ignored: ${(err as Error).message}`);
    }
  }
  const channels = [...(opts.config?.channels ?? []), ...(opts.channels ?? [])].map((c, i) => ('send' in c ? c : createChannel(withExternalLabels(c, opts.externalLabels), i)));
  const engine = new Engine({
    rules: ruleSet(opts),
    channels,
    routing,
    silences,
    ...(opts.db ? { db: opts.db } : {}),
    now,
    intervalMs,
    externalURL: opts.externalURL ?? '',
    ...(opts.meter ? { meter: opts.meter } : {}),
  });

  let flushTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = async (): Promise<void> => {
    await engine.dispatcher.flush();
    arm();
  };
  // One timer, set for the earliest due group: idle costs nothing.
  const arm = (): void => {
    if (!timers || closed) return;
    const due = engine.dispatcher.nextDueMs();
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (due === undefined) return;
    flushTimer = setTimeout(() => void flush(), Math.max(0, due - now()) + 5);
    flushTimer.unref();
  };
  const reader = new AlertingReader({
    intervalMs,
    timer: timers,
    onCollect: async (rm) => {
      if (closed) return;
      engine.onCollect(rm);
      await flush();
    },
  });
  const safe = (what: string, fn: () => void): void => {
    try {
      if (!closed) fn();
      arm();
    } catch (err) {
      diag.warn(`vigil alerting: ${what} dropped: ${(err as Error).message}`);
    }
  };
  const observeHealth = (check: string, value: number, unit = '%'): void =>
    safe('health observation', () => {
      if (Number.isFinite(value)) engine.store.push('vigil.health.observed', { check, unit }, 'gauge', value, now(), OBSERVED_STALE_MS);
    });

  const lastHealth = new Map<string, string>();
  const onHealthChange = (check: string, from: string | undefined, to: string, observed?: { value: number; unit?: string }): void => {
    safe('health change', () => engine.onEvent('health', check, { labels: { check, status: to }, annotations: { previous: from ?? 'unknown' } }, true));
    if (observed) observeHealth(check, observed.value, observed.unit);
  };

  return {
    reader,
    alert: (a) =>
      safe('alert', () => {
        const severity = parseSeverity(a.severity ?? 'WARNING') ?? 'WARNING';
        const labels: Record<string, string> = {};
        for (const [k, v] of Object.entries(a.labels ?? {})) labels[k] = clean(String(v));
        labels['alertname'] ??= clean(a.title);
        const annotations = { title: clean(a.title), message: clean(a.message ?? '') };
        engine.onEvent('manual', fingerprint({ ...labels, severity }), { labels, annotations, severity });
      }),
    createSilence: (input) => silences.create(input),
    expireSilence: (id) => silences.expire(id),
    listSilences: () => silences.list(),
    active: () => engine.active(),
    rules: () => engine.rules().map((r) => r.rule),
    onErrorGroup: (kind, group) =>
      safe('error group', () => {
        const key = group.fingerprint ?? `${group.type}:${group.message}`;
        const g = { ...group, ...(group.message ? { message: clean(group.message) } : {}), ...(group.culprit ? { culprit: clean(group.culprit) } : {}) };
        engine.onEvent(kind === 'regression' ? 'regression' : 'error_group', key, errorGroupActive(g));
      }),
    onHealthChange: (check, from, to, observed) => {
      lastHealth.set(check, to);
      onHealthChange(check, from, to, observed);
    },
    observeHealth,
    onHealthResult: (check, status, observed) => {
      const before = lastHealth.get(check);
      lastHealth.set(check, status);
      if (before !== status) onHealthChange(check, before, status);
      else safe('health result', () => engine.evaluateKind('health'));
      // Percentages feed the memory, CPU and disk threshold rules.
      if (observed && (observed.unit === '%' || observed.unit === 'percent')) observeHealth(check, observed.value, '%');
    },
    onSlowOperation: (name, ms) => safe('slow operation', () => engine.onEvent('slow_operation', name, { labels: { operation: name }, value: ms })),
    onCrash: async (report) => {
      if (closed) return false; // shut down: the next start sends it
      const r = { ...report, ...(report.message ? { message: clean(report.message) } : {}) };
      let taken = false;
      safe('crash', () => {
        engine.onEvent('crash', report.id ?? `${report.type}:${report.message}`, crashActive(r), false);
        taken = true;
      });
      if (!taken) return false;
      // A crash does not wait for group_wait: the process may be gone by then.
      const crashRules = new Set(engine.rules().filter((r) => r.rule.kind === 'crash').map((r) => r.rule.name));
      const delivered = await engine.dispatcher.flushNow((a) => crashRules.has(a.rule));
      arm();
      return delivered;
    },
    evaluate: async () => {
      if (reader.isBound) await reader.collectNow();
      else {
        engine.onCollect(undefined);
        await flush();
      }
    },
    flush,
    // Imported when asked for (the telemetry server's first request), so Express is not loaded with the engine.
    router: async () => (await import('./router.js')).alertingRouter({ engine, silences, db: opts.db }),
    addChannel: (c) => {
      // The dispatcher reads this array at every flush: a channel added now gets the next one.
      const channel = 'send' in c ? c : createChannel(withExternalLabels(c, opts.externalLabels), channels.length);
      channels.push(channel);
      return () => {
        const i = channels.indexOf(channel);
        if (i >= 0) channels.splice(i, 1);
        channel.close?.();
      };
    },
    shutdown: async () => {
      if (closed) return;
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      reader.stop();
      for (const c of channels) c.close?.();
      // A registered reader is shut down by its MeterProvider; twice would log an error.
      if (!reader.isBound) await reader.shutdown().catch(() => undefined);
    },
  };
}

/** Alerts leave the process (mail, Slack): free text passes the PHI redactor first. */
function clean(text: string): string {
  try {
    return redactText(text);
  } catch {
    return '[redaction failed]';
  }
}

/** Defaults, then config rules, then code rules; a later rule with a used name replaces the earlier one. */
function ruleSet(opts: AlertingOptions): LoadedRule[] {
  const byName = new Map<string, LoadedRule>();
  const defaults = opts.defaults ?? opts.config?.defaults ?? true;
  if (defaults) for (const r of DEFAULT_RULES) byName.set(r.name, loadRule(r));
  for (const r of opts.config?.rules ?? []) byName.set(r.name, loadRule(r));
  for (const r of opts.rules ?? []) byName.set(r.name, loadRule(r));
  // Direct alert() calls: always there, never configured.
  if (![...byName.values()].some((l) => l.rule.kind === 'manual')) byName.set('\u0000manual', loadRule({ name: 'Alert', kind: 'manual' }));
  return [...byName.values()];
}

/** The channel's own external_labels win over the instance's. */
function withExternalLabels(c: ChannelConfig, labels: Record<string, string> | undefined): ChannelConfig {
  return c.type === 'alertmanager' && labels ? { ...c, external_labels: { ...labels, ...c.external_labels } } : c;
}
