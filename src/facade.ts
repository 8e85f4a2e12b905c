import { diag } from '@opentelemetry/api';
import type { DirectAlert, Notification, Severity } from './alerting/index.js';
import type { Breadcrumb, CaptureOptions, ErrorLevel, ErrorUser } from './errors/index.js';
import type { CheckOptions, CustomCheckFn } from './health/index.js';
import { trackProgress as createTracker } from './progress/index.js';
import type { ProgressOptions, ProgressTracker } from './progress/index.js';
import { liveHealthSummary } from './dashboard/health.js';
import { renderTextReport } from './dashboard/report.js';
import { withLive } from './dashboard/summary.js';
import type { HealthSummary, Summary, WindowName } from './dashboard/types.js';
import { isWindowName } from './dashboard/window.js';
import { declarePhi, noteActiveSpan } from './privacy/index.js';
import { runtime } from './sdk/runtime.js';

// The application-facing calls. Each delegates to the running Vigil and is
// a cheap no-op when Vigil is disabled or not started: never an exception.

/** Record an exception as an error event (grouped, stored, alerted on). Returns the event id, or '' when off. */
export function captureException(error: unknown, options?: CaptureOptions): string {
  noteActiveSpan();
  return runtime().errors?.captureException(error, options) ?? '';
}

export function captureMessage(text: string, level?: ErrorLevel): string {
  noteActiveSpan();
  return runtime().errors?.captureMessage(text, level) ?? '';
}

/** The user of the current async context (a request): hashed before it is stored. */
export function setUser(user: ErrorUser | null): void {
  runtime().errors?.setUser(user);
}

export function withUser<T>(user: ErrorUser | null, fn: () => T): T {
  const errors = runtime().errors;
  return errors ? errors.withUser(user, fn) : fn();
}

export function addBreadcrumb(crumb: Omit<Breadcrumb, 'timestampMs'> & { timestampMs?: number }): void {
  runtime().errors?.addBreadcrumb(crumb);
}

/** Raise an alert directly; it goes through grouping, silences and the channels. */
export function alert(a: DirectAlert): void {
  runtime().alerting?.alert(a);
}

/** What `alerts.onAlert` accepts besides the handler. */
export interface AlertHandlerOptions {
  /** Only notifications with an alert at this severity or above (default INFO: all). */
  minSeverity?: Severity;
  /** Also be told when alerts resolve (default true). */
  sendResolved?: boolean;
  /** A name for the `alerts` table's channel column (default `custom-N`). */
  name?: string;
}

let handlers = 0;

/**
 * Alerts to the application's own code, after grouping, silences and
 * inhibition, as any channel gets them (Alertmanager's webhook shape):
 * `alerts.onAlert((n) => pager.send(n.commonAnnotations.title))`.
 * A handler that throws is retried once, then recorded as a failed delivery.
 * Needs a started Vigil (the preload starts it before your code); returns the removal.
 */
export const alerts = {
  onAlert(handler: (notification: Notification) => unknown, options: AlertHandlerOptions = {}): () => void {
    const alerting = runtime().alerting;
    if (!alerting) {
      diag.warn('vigil: alerts.onAlert() before start() (or with alerting off): the handler is not registered');
      return () => {};
    }
    return alerting.addChannel({
      type: 'custom',
      name: options.name ?? `custom-${++handlers}`,
      handler,
      ...(options.minSeverity ? { min_severity: options.minSeverity } : {}),
      ...(options.sendResolved !== undefined ? { send_resolved: options.sendResolved } : {}),
    });
  },
};

/** Health checks of the application's own: `health.register('db', () => db.ping(), { critical: true })`. */
export const health = {
  register(name: string, fn: CustomCheckFn, options?: Omit<CheckOptions, 'name'>): () => void {
    return runtime().health?.register(name, fn, options) ?? (() => {});
  },
  /**
   * The running registry's status, score (0–100) and latest check results:
   * what /health and the dashboard show. `unknown` with no checks when Vigil
   * is off or no check has run yet.
   */
  status(): HealthSummary {
    const rt = runtime();
    return liveHealthSummary({ health: rt.health }) ?? { score: null, status: 'unknown', checks: [] };
  },
};

function live(): Parameters<typeof withLive>[1] {
  const rt = runtime();
  return { health: rt.health, alerting: rt.alerting };
}

/**
 * What the dashboard shows for a window ('1h', '24h' default, '7d'), read
 * off the application's event loop (the dashboard's read thread). Resolves
 * undefined when Vigil or its store is off, or the read fails (one diag
 * line); never rejects.
 */
export async function summary(options: { window?: WindowName } = {}): Promise<Summary | undefined> {
  const window = options.window ?? '24h';
  if (!isWindowName(window)) {
    diag.warn(`vigil summary(): window ${JSON.stringify(window)} is not one of 1h, 24h, 7d`);
    return undefined;
  }
  const rt = runtime();
  if (!rt.reader) return undefined;
  try {
    const stored = await rt.reader.read('summary', { window, now: Date.now(), ...(rt.config ? { slowMs: rt.config.slowMs } : {}) });
    return withLive(stored, live());
  } catch (err) {
    diag.warn(`vigil summary(): ${(err as Error).message}`);
    return undefined;
  }
}

/** The plain-text report of `vigil report` for a window (for an e-mail, a log line); undefined when off. Never rejects. */
export async function report(options: { window?: WindowName; limit?: number } = {}): Promise<string | undefined> {
  const s = await summary(options);
  return s ? renderTextReport(s, { ...(options.limit !== undefined ? { limit: options.limit } : {}) }) : undefined;
}

/** A batch job's progress, stored beside the rest of Vigil's data. */
export function trackProgress(name: string, options: ProgressOptions): ProgressTracker {
  return createTracker(name, { db: () => runtime().store?.db, ...options });
}

/**
 * Patient data the application holds: `privacy.declare({ name, mrn, dob, address })`.
 * Vigil then masks these values in every free text it records or sends
 * (logs, errors, span names, job names, alerts, crash reports) for an hour
 * after they were last declared; only keyed hashes of them are kept.
 */
export const privacy = {
  declare(values: Record<string, unknown>): void {
    declarePhi(values);
  },
};
