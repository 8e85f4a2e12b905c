import type { Attributes } from '@opentelemetry/api';

/** Hooks into the error tracker and the alert engine; set by the SDK through configureApi(). */
export interface ApiHooks {
  /** A captured error (`captureErrors`, `@monitorAll`). Called inside the operation's span context. */
  onError?(error: unknown, name: string): void;
  /** A failure that should alert (`alertOnFailure`). */
  onFailure?(error: unknown, name: string): void;
  /** An operation slower than its threshold (`alertOnSlow`: `@measureAndAlert`, `@monitorAll`). */
  onSlow?(name: string, ms: number, thresholdMs: number): void;
}

export interface ApiConfig extends ApiHooks {
  /** Slow thresholds per operation name, milliseconds. */
  slowThresholds?: Record<string, number>;
  /** Threshold for operations not listed in slowThresholds; unset = no slow detection by default. */
  defaultSlowMs?: number;
}

export type Backoff =
  | number
  | ((attempt: number) => number)
  | { initialMs: number; factor?: number; maxMs?: number };

export interface RetryOptions {
  /** Total attempts including the first. Default 3. */
  attempts?: number;
  /** Delay before retry n (1-based), ms. Default exponential from 100 ms, ×2, max 10 s. Sync functions retry at once. */
  backoff?: Backoff;
  /** Retry only errors this accepts. Default: every error. */
  retryIf?: (error: unknown) => boolean;
}

/** Options shared by monitored() and every decorator. */
export interface MonitorOptions {
  /** Operation name; decorators default to `Class.method`. */
  name?: string;
  /** Static attributes added to the span and to metric points. Keep them low-cardinality. */
  attributes?: Attributes;
  /** Timing span + duration histogram. Default true for monitored(). */
  timing?: boolean;
  /** Send errors to the error tracker (onError hook). */
  captureErrors?: boolean;
  /** Send failures to the alert engine (onFailure hook). */
  alertOnFailure?: boolean;
  /** Call the onSlow hook when the slow threshold is exceeded. */
  alertOnSlow?: boolean;
  /**
   * Count calls on `vigil.operation.calls`. Only for operations without
   * timing: a timed operation's call count is its duration histogram's count.
   */
  countCalls?: boolean;
  /**
   * Items one call processes (CryoProtect's `items_count`), for throughput
   * per item: a number, or computed when the call settles from its arguments
   * and result (`(args) => args[0].length`). Added to the counter
   * `vigil.operation.items` (same attributes as the duration point) and set
   * as the span attribute `vigil.operation.items`. Timed operations only.
   */
  items?: number | ((args: unknown[], result: unknown) => number);
  /** Slow threshold (ms) for this operation; overrides configureApi(). `false` disables. */
  slowMs?: number | false;
  /** Retry failed calls. */
  retry?: RetryOptions;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;
