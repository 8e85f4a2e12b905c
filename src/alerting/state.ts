import { fingerprint, render } from './fingerprint.js';
import type { AlertInstance, AlertRule, AlertState, Labels, Severity } from './types.js';

/** The condition holds for this label set now (a metric sample or a recent event). */
export interface Active {
  labels: Labels;
  value?: number;
  /** Per-event annotations (an error's message) over the rule's. */
  annotations?: Labels;
  /** Direct alerts carry their own severity. */
  severity?: Severity;
}

export interface Transition {
  from: AlertState | 'inactive';
  to: AlertState | 'inactive';
  alert: AlertInstance;
}

interface Instance extends AlertInstance {
  lastActiveMs: number;
  /** Unrendered annotations: filled in only when someone looks (transitions, active()). */
  templates: Labels;
}

export const DEFAULT_ALERTS_PER_RULE = 100;

/**
 * Prometheus's alert state machine for one rule: a new label set goes
 * pending, fires once it held for `for`, and resolves when it stops holding,
 * unless it held within `keep_firing_for` (so a flapping signal fires once).
 */
export class RuleState {
  private readonly instances = new Map<string, Instance>();
  private readonly keys = new WeakMap<Active, { labels: Labels; fp: string }>();
  private readonly refused = new Set<string>();

  /**
   * `limit`: at most this many alerts at once (4,935 new error groups once
   * made 4,936 firing alerts); further label sets are counted in `overflow`,
   * as Alertmanager counts truncated alerts.
   */
  constructor(
    readonly rule: AlertRule,
    readonly limit = DEFAULT_ALERTS_PER_RULE,
  ) {}

  /** A full evaluation: every label set that holds now; the ones that stopped holding resolve. */
  update(actives: readonly Active[], now: number): Transition[] {
    const out: Transition[] = [];
    const seen = new Set<string>();
    this.refused.clear();
    for (const a of actives) this.admit(a, now, out, seen);
    for (const [fp, inst] of this.instances) {
      if (seen.has(fp)) continue;
      if (inst.state === 'pending') {
        this.instances.delete(fp);
        out.push({ from: 'pending', to: 'inactive', alert: snapshot(inst) });
      } else if (now - inst.lastActiveMs >= this.rule.keepFiringForMs) {
        this.instances.delete(fp);
        inst.state = 'resolved';
        inst.endsAtMs = now;
        out.push({ from: 'firing', to: 'resolved', alert: snapshot(inst) });
      }
    }
    return out;
  }

  /**
   * One event's label set, without re-reading the others: what an occurrence
   * (a new error group) changes at once. Resolutions wait for the next full
   * update (each evaluation interval), so a storm of events stays linear.
   */
  touch(a: Active, now: number): Transition[] {
    const out: Transition[] = [];
    this.admit(a, now, out);
    return out;
  }

  /** Label sets that held but were left out: the rule was at its limit. */
  get overflow(): number {
    return this.refused.size;
  }

  private admit(a: Active, now: number, out: Transition[], seen?: Set<string>): void {
    const { labels, fp } = this.keyOf(a);
    let inst = this.instances.get(fp);
    if (!inst && this.instances.size >= this.limit) {
      this.refused.add(fp);
      return;
    }
    seen?.add(fp);
    const templates = a.annotations ? { ...this.rule.annotations, ...a.annotations } : this.rule.annotations;
    if (!inst) {
      inst = {
        fingerprint: fp,
        rule: this.rule.name,
        state: 'pending',
        severity: a.severity ?? this.rule.severity,
        labels,
        annotations: {},
        templates,
        activeAtMs: now,
        lastActiveMs: now,
        ...(a.value !== undefined ? { value: a.value } : {}),
      };
      this.instances.set(fp, inst);
      if (this.rule.forMs > 0) out.push({ from: 'inactive', to: 'pending', alert: snapshot(inst) });
    } else {
      inst.lastActiveMs = now;
      inst.templates = templates;
      if (a.value !== undefined) inst.value = a.value;
    }
    if (inst.state === 'pending' && now - inst.activeAtMs >= this.rule.forMs) {
      inst.state = 'firing';
      inst.startsAtMs = now;
      out.push({ from: this.rule.forMs > 0 ? 'pending' : 'inactive', to: 'firing', alert: snapshot(inst) });
    }
  }

  /** The trace found for a firing alert: kept while it fires, so every later view links it. */
  setTrace(fingerprint: string, traceId: string): void {
    const inst = this.instances.get(fingerprint);
    if (inst) inst.traceId = traceId;
  }

  active(): AlertInstance[] {
    return [...this.instances.values()].map(snapshot);
  }

  /**
   * Labels and fingerprint of an active, computed once per Active object: an
   * event rule sees the same recorded actives at every evaluation, and
   * hashing thousands of them again per event made a storm quadratic.
   */
  private keyOf(a: Active): { labels: Labels; fp: string } {
    let k = this.keys.get(a);
    if (!k) {
      const labels = this.labelsOf(a);
      this.keys.set(a, (k = { labels, fp: fingerprint(labels) }));
    }
    return k;
  }

  private labelsOf(a: Active): Labels {
    const alertname = this.rule.kind === 'manual' ? (a.labels['alertname'] ?? this.rule.name) : this.rule.name;
    return { ...a.labels, ...this.rule.labels, alertname, severity: (a.severity ?? this.rule.severity).toLowerCase() };
  }

}

function snapshot(i: Instance): AlertInstance {
  const { lastActiveMs: _l, templates, ...rest } = i;
  const annotations: Labels = {};
  for (const [k, v] of Object.entries(templates)) annotations[k] = render(v, i.labels, i.value);
  return { ...rest, labels: { ...i.labels }, annotations };
}
