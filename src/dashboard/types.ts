import type { DatabaseSync } from 'node:sqlite';
import type { AlertRecord, BucketedWindow, CheckRecord, Percentiles, SlowSpan } from '../store/index.js';

export type { Percentiles };

/** The windows the dashboard, the report and the export offer. */
export type WindowName = '1h' | '24h' | '7d';

/** What the running process can tell better than the database (optional: `vigil dashboard --db` has neither). */
export interface LiveSources {
  health?: {
    /** The registry's status and score, by the one computation of /health (health/verdict.ts). */
    verdict(): { status: 'pass' | 'warn' | 'fail'; score: number };
    results(): Array<{ name: string; result: { status: string; observedValue?: unknown; observedUnit?: string; output?: string }; timeMs: number; durationMs: number }>;
    /** The whole service's status and results, every process's (cluster workers), when this process holds the port. */
    fleet?(): Promise<{ verdict: { status: 'pass' | 'warn' | 'fail'; score: number }; results: ReturnType<NonNullable<LiveSources['health']>['results']> }>;
  };
  alerting?: {
    active(): Array<{ fingerprint: string; rule: string; state: string; severity: string; labels: Record<string, string>; annotations: Record<string, string>; value?: number; activeAtMs: number; startsAtMs?: number; traceId?: string }>;
    listSilences?(): unknown[];
  };
}

export interface SummaryOptions {
  window: WindowName;
  /** End of the window, epoch ms (default now). */
  now?: number;
  /** Spans at least this long count as slow (ms, default 1000), besides those marked `vigil.slow`. */
  slowMs?: number;
  live?: LiveSources;
}

export interface WindowInfo extends BucketedWindow {
  name: WindowName;
  /** Start of each trend bucket, epoch ms. */
  buckets: number[];
}

/** The latest result of one check. */
/** A check's latest result as the dashboard shows it (whether it is critical weighs in the score, not on screen). */
export type CheckSummary = Omit<CheckRecord, 'critical'>;

export interface HealthSummary {
  /** 0–100, by the computation of /health: from the live registry when there is one, else from the latest stored results. */
  score: number | null;
  status: 'pass' | 'warn' | 'fail' | 'unknown';
  checks: CheckSummary[];
}

export interface TrendPoint {
  t: number;
  count: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface OperationSummary extends Percentiles {
  name: string;
  /** True when this operation starts traces here (a request, a job): the throughput chart adds these up. */
  root: boolean;
  count: number;
  errors: number;
  ratePerSec: number;
  errorRate: number;
  maxMs: number | null;
  /** Items processed in the window, for operations given an item count (`items` option). */
  items?: number;
  itemsPerSec?: number;
  /** Count per bucket of the window. */
  trend: number[];
  /** p95 per bucket (ms), null where empty. */
  p95Trend: Array<number | null>;
}

export interface RequestSummary extends Percentiles {
  count: number;
  errors: number;
  ratePerSec: number;
  errorRate: number;
  series: TrendPoint[];
}

export type SlowOperation = SlowSpan;

export interface ErrorGroupSummary {
  fingerprint: string;
  type: string | null;
  message: string | null;
  culprit: string | null;
  level: string | null;
  status: string;
  /** Events in the window. */
  count: number;
  /** Events ever. */
  total: number;
  users: number;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  isNew: boolean;
  trend: number[];
  direction: 'new' | 'rising' | 'falling' | 'steady';
}

export interface ErrorSummary {
  events: number;
  groups: ErrorGroupSummary[];
  /** Error events per bucket. */
  series: number[];
}

export interface ActiveAlert {
  fingerprint: string;
  rule: string;
  state: string;
  severity: string;
  title: string | null;
  labels: Record<string, string>;
  sinceMs: number | null;
  /** The trace that crossed the threshold, where there is one. */
  traceId?: string;
}

/** One row of `alerts` (a state change or a notification outcome). */
export type AlertEvent = AlertRecord;

export interface AlertSummary {
  active: ActiveAlert[];
  recent: AlertEvent[];
  /** Whether `active` comes from the running engine or was derived from the table. */
  source: 'live' | 'table';
}

export interface CrashSummary {
  id: string;
  timeMs: number;
  type: string | null;
  message: string | null;
  sent: boolean;
}

export interface JobSummary {
  jobId: string;
  name: string | null;
  state: string;
  total: number;
  processed: number;
  failed: number;
  percent: number;
  ratePerSec: number | null;
  etaSeconds: number | null;
  startedMs: number | null;
  updatedMs: number | null;
}

export interface HostFigure {
  name: string;
  label: string;
  value: number;
  unit: string;
  timeMs: number;
}

export interface LlmModelUsage {
  model: string;
  calls: number;
}

export interface LlmUsage extends Percentiles {
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  models: LlmModelUsage[];
}

/** One service of the data dir (several may share it): its requests and its last published health. */
export interface ServiceSummary {
  name: string;
  count: number;
  errors: number;
  ratePerSec: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  health: { status: 'pass' | 'warn' | 'fail' | 'unknown'; score: number | null; output: string | null; timeMs: number | null };
}

export interface Summary {
  generatedMs: number;
  window: WindowInfo;
  /** Whether hourly rollups stood in for raw spans (percentiles across hours are then count-weighted means). */
  usedRollups: boolean;
  health: HealthSummary;
  requests: RequestSummary;
  /** By `service.name`, when services share the data dir. */
  services: ServiceSummary[];
  operations: OperationSummary[];
  slow: SlowOperation[];
  errors: ErrorSummary;
  alerts: AlertSummary;
  crashes: CrashSummary[];
  jobs: JobSummary[];
  host: HostFigure[];
  llm: LlmUsage;
}

export type DbGetter = () => DatabaseSync | undefined;
