import type { Alerting } from '../alerting/index.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/index.js';
import type { ErrorTracker, GroupEventKind, ErrorGroup } from '../errors/index.js';
import type { Health } from '../health/index.js';
import type { Redactor } from '../privacy/index.js';
import type { Store } from '../store/index.js';

/**
 * The running pieces the public API delegates to. Kept on globalThis under a
 * registered symbol so that two installed copies of @vigil/otel (the
 * preload's and the application's) share one.
 */
export interface Runtime {
  config?: Config;
  store?: Store;
  redactor?: Redactor;
  errors?: ErrorTracker;
  health?: Health;
  alerting?: Alerting;
  /** Set by the alerting feature: new error groups and regressions become alerts. */
  onErrorGroup?: (kind: GroupEventKind, group: ErrorGroup) => void;
  /** Set by the alerting feature: @alertOnFailure and slow monitored() calls. */
  onOperationFailure?: (err: unknown, name: string) => void;
  onSlowOperation?: (name: string, ms: number, thresholdMs: number) => void;
  /** The Prometheus handler, for `vigilMetrics()` of @vigil/otel/express. */
  metricsHandler?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Flush every signal (the crash reporter calls it before exiting). */
  flush?: (timeoutMs?: number) => Promise<void>;
}

const KEY = Symbol.for('vigil.runtime');

export function runtime(): Runtime {
  const g = globalThis as { [KEY]?: Runtime };
  return (g[KEY] ??= {});
}
