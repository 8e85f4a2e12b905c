import type { Attributes } from '@opentelemetry/api';
import type { DatabaseSync } from 'node:sqlite';
import type { Redactor } from '../privacy/index.js';

/** What the alert engine needs of a crash. */
export interface CrashAlertInput {
  id: string;
  type: string;
  message: string;
}

/**
 * Hands a crash to the alert engine; resolves true once the channels took it
 * (or there was nothing to send), false when a channel failed: the crash is
 * then sent again at the next start.
 */
export type CrashAlert = (crash: CrashAlertInput) => Promise<boolean>;

/** What Vigil does with an unhandled promise rejection (as Sentry's Node SDK). */
export type UnhandledRejectionMode = 'none' | 'warn' | 'strict';

export interface CrashHandlerOptions {
  /** The error tracker's capture (level `fatal` for crashes, `error` for warned rejections). */
  capture?: (err: unknown, level: 'fatal' | 'error') => void;
  /** The last breadcrumbs ("recent actions"), oldest first. */
  breadcrumbs?: () => unknown[];
  /** The alert engine's crash hook; true once the channels took the crash (see alert.ts). */
  alert?: CrashAlert;
  /** Flushes every signal (spans, logs, metrics, error events). */
  flush: () => Promise<void>;
  /** The store's writer handle, when the store is open. */
  db?: () => DatabaseSync | undefined;
  /** `VIGIL_DATA_DIR`; reports go to `<dataDir>/crashes/`. */
  dataDir: string;
  resourceAttributes?: Attributes;
  /** Defaults to the process-wide redactor. */
  redactor?: Redactor;
  /** Default `warn`. */
  mode?: UnhandledRejectionMode;
  /** Bound on the flush before exiting; default 2000 ms. */
  flushTimeoutMs?: number;
  /** `CRASH_REPORT_URL`: unsent reports are submitted there at install time. */
  crashReportUrl?: string;
}

export interface CrashHandlers {
  uninstall(): void;
}

/** One crash report, as written to `<dataDir>/crashes/<time>-<id>.json` (already anonymised and redacted). */
export interface CrashReport {
  id: string;
  time: string;
  time_ms: number;
  /** `uncaughtException` or `unhandledRejection`. */
  origin: string;
  level: 'fatal';
  error: { type: string; message: string; stack: string };
  process: {
    pid: number;
    uptime_s: number;
    memory: NodeJS.MemoryUsage;
    cpu: NodeJS.CpuUsage;
    node: string;
    versions: { v8: string; uv: string };
  };
  os: { type: string; platform: string; release: string; arch: string };
  breadcrumbs: unknown[];
  resource: Record<string, unknown>;
}
