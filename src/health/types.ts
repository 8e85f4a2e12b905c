import type { DatabaseSync } from 'node:sqlite';
import type { Meter } from '@opentelemetry/api';

/** One check's latest result, as the registry holds it or a `health_checks` row stores it. */
export interface VerdictInput {
  name: string;
  status: CheckStatus;
  critical: boolean;
  output?: string | null;
}

export interface Verdict {
  status: CheckStatus;
  /** 0–100, never above the status's ceiling (see SCORE_CEILING). */
  score: number;
  /** `name: output` of every check that is not passing, `; `-joined; undefined when all pass. */
  output?: string;
}

/** pass = healthy, warn = degraded, fail = unhealthy (draft-inadarei-api-health-check). */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** What one run of a check found. */
export interface CheckResult {
  status: CheckStatus;
  observedValue?: number | string | boolean;
  observedUnit?: string;
  /** Why, in one line; usually omitted on pass. */
  output?: string;
  /** Extra figures for the verbose report (never used for the status). */
  details?: Record<string, unknown>;
}

/** A check the registry runs on its own interval, under its own timeout. */
export interface HealthCheck {
  /** Unique in a registry; the `check` attribute of `vigil.health.status`. */
  name: string;
  /** First half of the report key `component:measurement`, e.g. `database`, `disk`. */
  component: string;
  /** Second half of the key, e.g. `responseTime`, `utilization`. */
  measurement: string;
  /** `componentId` in the report, when the component has several instances (a path, a host). */
  componentId?: string;
  /** `componentType` in the report: `datastore`, `system`, `component`. */
  componentType?: string;
  /** Critical checks decide the overall status and readiness; others can only degrade it to warn. */
  critical: boolean;
  intervalMs: number;
  timeoutMs: number;
  run(signal: AbortSignal): Promise<CheckResult>;
  /** Releases what the check holds (a histogram, a handle); called by `stop()` and on replacement. */
  close?(): void;
}

// Several processes of one service (cluster workers): see fleet.ts.

/** What a report needs of a check: everything but how to run it. */
export type CheckMeta = Pick<HealthCheck, 'name' | 'component' | 'measurement' | 'componentId' | 'componentType' | 'critical'>;

/** A check and its latest result; `pid` when the service runs as several processes. */
export interface FleetEntry {
  check: CheckMeta;
  last: CachedResult;
  pid?: number;
}

/** One process's checks and latest results: plain data, sent as JSON between processes. */
export interface ProcessHealth {
  pid: number;
  checks: Array<{ check: CheckMeta; last: CachedResult }>;
}

/** What the leader has of one other process this time. */
export interface PeerHealth {
  pid: number;
  /** Its latest results: this time's answer, or the last one it gave when it did not answer. */
  health?: ProcessHealth;
  /** False when it is alive but did not answer in time. */
  answered: boolean;
}

/** The other processes of the service; called on every report by the process holding the port. */
export type PeerHealthSource = () => Promise<PeerHealth[]>;

/** The options every built-in factory and `register` accept. */
export interface CheckOptions {
  name?: string;
  critical?: boolean;
  /** Milliseconds between runs. */
  interval?: number;
  /** Milliseconds before a run counts as failed and its signal is aborted. */
  timeout?: number;
}

/** A custom check: true/undefined = pass, false = fail, a CheckResult as is, a throw = fail with its message. */
export type CustomCheckFn = (signal: AbortSignal) => boolean | void | CheckResult | Promise<boolean | void | CheckResult>;

export type ResultListener = (result: CachedResult, critical: boolean) => void;

/** The cached outcome of a check's latest run. */
export interface CachedResult {
  name: string;
  result: CheckResult;
  timeMs: number;
  durationMs: number;
}

/** One entry of a `checks` array in application/health+json. */
export interface HealthCheckEntry {
  componentId?: string;
  componentType?: string;
  observedValue?: number | string | boolean;
  observedUnit?: string;
  status: CheckStatus;
  time: string;
  output?: string;
  critical?: boolean;
  durationMs?: number;
  details?: Record<string, unknown>;
  /** The process that ran the check, when the service runs as several (cluster workers). */
  pid?: number;
}

/** The application/health+json body. */
export interface HealthReport {
  status: CheckStatus;
  version?: string;
  releaseId?: string;
  serviceId?: string;
  description?: string;
  notes?: string[];
  output?: string;
  score?: number;
  checks?: Record<string, HealthCheckEntry[]>;
  system?: SystemInfo;
}

export interface SystemInfo {
  os: { platform: string; release: string; arch: string; hostname: string };
  cpus: { count: number; model?: string; loadAverage: number[] };
  memory: { totalBytes: number; freeBytes: number; processRssBytes: number; heapUsedBytes: number };
  node: string;
  uptime: { processSeconds: number; systemSeconds: number };
}

export interface HealthOptions {
  serviceId?: string;
  version?: string;
  releaseId?: string;
  description?: string;
  /** The store's writer handle, for history rows in `health_checks`; undefined = no history. */
  db?: () => DatabaseSync | undefined;
  /** Defaults to `metrics.getMeter('@vigil/otel')` at `start()`. */
  meter?: Meter;
  /** Milliseconds between history flushes (default 5000). */
  historyFlushMs?: number;
  checks?: HealthCheck[];
}

export interface Health {
  /** A custom check; returns a function that removes it. */
  register(name: string, fn: CustomCheckFn, opts?: Omit<CheckOptions, 'name'>): () => void;
  /** Add (or replace, by name) a check; scheduled at once when started. */
  add(check: HealthCheck): () => void;
  remove(name: string): boolean;
  names(): string[];
  /** Start the intervals and the metric gauges. Idempotent. */
  start(): void;
  /** Stop the intervals, close the checks, flush history. Idempotent. */
  stop(): void;
  /** Run one check (or all) now and cache the result. */
  runNow(name?: string): Promise<CachedResult[]>;
  /** Cached results; never-run checks are run first, each bounded by its timeout. */
  report(opts?: { verbose?: boolean }): Promise<HealthReport>;
  /** Overall status of the critical checks only (cached, plus first runs). */
  readiness(): Promise<{ status: CheckStatus; failing: string[] }>;
  /** 0–100 from the cached results; see score.ts for the weights. */
  score(): number;
  /** Cached results by check name. */
  results(): CachedResult[];
  /** The overall status from the cached results: the worst critical check; non-critical ones degrade to warn at most. */
  status(): CheckStatus;
  /** Status, score and output together, from the one computation (verdict.ts). */
  verdict(): Verdict;
  /**
   * Status, score and results of the whole service: this process's and, once
   * `setPeers` is given, every other process's of the service (names carry
   * the pid then). What /health and the dashboard show.
   */
  fleet(): Promise<{ verdict: Verdict; results: CachedResult[] }>;
  /** This process's checks and latest results, as plain data for the process holding the port. */
  snapshot(): ProcessHealth;
  /** The other processes of the service (cluster workers): reports include their results. */
  setPeers(source: PeerHealthSource | undefined): void;
  /** Called after every run of every check (alerting listens here); returns the unsubscription. */
  onResult(listener: ResultListener): () => void;
  markShuttingDown(): void;
  readonly shuttingDown: boolean;
  /** Counts per check and status over the last `hours` from `health_checks`. */
  historySummary(hours?: number): HistorySummary[];
}

export interface HistorySummary {
  check: string;
  pass: number;
  warn: number;
  fail: number;
  /** Share of pass+warn runs, 0–100. */
  availability: number;
  lastFailMs?: number;
}
