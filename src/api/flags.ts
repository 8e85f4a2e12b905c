import type { MonitorOptions } from './types.js';

// Options folded into a bit set once per wrapper, so the per-call path tests
// integers instead of reading an options object.
export const CAPTURE = 1;
export const ALERT_FAILURE = 2;
export const ALERT_SLOW = 4;
export const COUNT = 8;

export function flagsOf(options: MonitorOptions): number {
  return (
    (options.captureErrors ? CAPTURE : 0) |
    (options.alertOnFailure ? ALERT_FAILURE : 0) |
    (options.alertOnSlow ? ALERT_SLOW : 0) |
    (options.countCalls ? COUNT : 0)
  );
}

export type FunctionKind = 'plain' | 'async-generator' | 'generator';

/** Generator functions are recognised by their tag; anything else may still return a promise. */
export function kindOf(fn: unknown): FunctionKind {
  const tag = (fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag];
  if (tag === 'AsyncGeneratorFunction') return 'async-generator';
  if (tag === 'GeneratorFunction') return 'generator';
  return 'plain';
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function')
  );
}
