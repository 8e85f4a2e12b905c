import type { DatabaseSync } from 'node:sqlite';

/** Most to least urgent; a channel's `minSeverity` admits its level and above. */
export const SEVERITIES = ['CRITICAL', 'ERROR', 'WARNING', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Labels = Record<string, string>;

/** Event-fed rule kinds; `metric` rules carry an `expr` instead. */
export const EVENT_KINDS = ['error_group', 'regression', 'health', 'slow_operation', 'crash', 'manual'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export type RuleKind = 'metric' | EventKind;

/** A rule as the engine runs it (durations in milliseconds). */
export interface AlertRule {
  name: string;
  kind: RuleKind;
  /** Metric rules: `p95(http.server.request.duration) > 0.5`, see expr.ts. */
  expr?: string;
  /** How long the condition must hold before firing (pending meanwhile). */
  forMs: number;
  /** How long a firing alert stays firing after the condition cleared (anti-flapping). */
  keepFiringForMs: number;
  severity: Severity;
  labels: Labels;
  /** `title` and `message` feed every channel; `{{ $value }}` and `{{ $labels.x }}` are filled in. */
  annotations: Labels;
  /** Event rules: how long after the last event the alert stays active (default 5m). */
  windowMs: number;
  /** health rules: the statuses that make the check's alert active (default ['fail']). */
  statuses?: string[];
  /** slow_operation rules: only operations at least this slow count. */
  minMs?: number;
}

/** What callers write; everything but the name is optional. */
export interface AlertRuleInput {
  name: string;
  kind?: RuleKind;
  expr?: string;
  for?: number | string;
  keep_firing_for?: number | string;
  severity?: Severity | Lowercase<Severity>;
  labels?: Labels;
  annotations?: Labels;
  window?: number | string;
  statuses?: string[];
  min_ms?: number;
}

export type AlertState = 'pending' | 'firing' | 'resolved';

/** One alert instance (a rule × a label set), as channels and the API see it. */
export interface AlertInstance {
  fingerprint: string;
  rule: string;
  state: AlertState;
  severity: Severity;
  labels: Labels;
  annotations: Labels;
  value?: number;
  /** When the condition first held (pending start). */
  activeAtMs: number;
  /** When it started firing. */
  startsAtMs?: number;
  /** When it resolved. */
  endsAtMs?: number;
  /** The stored trace that crossed the threshold, found when it fired (trace-of.ts), where there is one. */
  traceId?: string;
}

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false = the matcher is negated (`!=`, `!~`). */
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAtMs: number;
  endsAtMs: number;
  createdBy: string;
  comment: string;
  createdAtMs: number;
}

export interface SilenceInput {
  matchers: Matcher[] | string[];
  startsAtMs?: number;
  endsAtMs?: number;
  /** Alternative to endsAtMs: `2h`, or milliseconds. */
  duration?: string | number;
  createdBy?: string;
  comment?: string;
}

/** One notification for one channel: a group's alerts, shaped after Alertmanager's. */
export interface Notification {
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  /** At most MAX_ALERTS_PER_NOTIFICATION (50), firing first. */
  alerts: AlertInstance[];
  /** Alerts of the group left out of `alerts` (Alertmanager's webhook field). */
  truncatedAlerts: number;
  /** The most severe alert's severity. */
  severity: Severity;
  externalURL: string;
}

/** What `send` may report instead of throwing: a deliberate skip (a desktop without notify-send). */
export interface SendResult {
  skipped?: string;
}

export interface Channel {
  name: string;
  type: string;
  minSeverity: Severity;
  sendResolved: boolean;
  rateLimit?: { count: number; perMs: number };
  /** Rejects after its own retries; the dispatcher records the failure. */
  send(n: Notification): Promise<SendResult | void>;
  close?(): void;
}

export interface Routing {
  groupBy: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  /** Labels two alerts must share to be duplicates (the less severe is inhibited); default: all but severity. */
  inhibitEqual?: string[];
}

export type DbGetter = () => DatabaseSync | undefined;
