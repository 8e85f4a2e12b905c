import { diag } from '@opentelemetry/api';
import { liveOtel } from '../metrics/index.js';
import { flagsOf, kindOf } from './flags.js';
import { Operation } from './operation.js';
import { withRetry } from './retry.js';
import { runLight, runTimed } from './timed.js';
import type { AnyFunction, MonitorOptions } from './types.js';

/** An operation name, or how to derive it from `this` at the first call (decorators). */
export type NameSource = string | ((self: unknown) => string);

let warnedGeneratorRetry = false;

/**
 * Build the wrapper once, for these options (pino style): the per-call code
 * only checks whether an SDK is registered and otherwise calls straight through.
 */
export function buildWrapper<F extends AnyFunction>(fn: F, source: NameSource, options: MonitorOptions): F {
  const timing = options.timing !== false;
  const flags = flagsOf(options);
  const kind = kindOf(fn);
  let op = typeof source === 'string' ? new Operation(source, options) : undefined;
  const opFor = (self: unknown): Operation =>
    op ?? (op = new Operation((source as (self: unknown) => string)(self), options));

  let inner: AnyFunction = fn;
  let innerKind = kind;
  if (options.retry !== undefined) {
    if (kind === 'plain') {
      inner = withRetry(fn, options.retry, opFor, liveOtel);
      innerKind = 'plain';
    } else if (!warnedGeneratorRetry) {
      warnedGeneratorRetry = true;
      diag.warn('vigil api: retry is not applied to generator functions (they cannot be replayed safely)');
    }
  }
  if (!timing && flags === 0) return inner as F;

  const run = timing ? runTimed : runLight;
  const target = inner;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const live = liveOtel();
    if (live === undefined) return target.apply(this, args);
    return run(op ?? opFor(this), live, flags, innerKind, target, this, args);
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
  // Keep the generator tag so a second wrapper (stacked decorators) also waits for the iteration.
  if (kind !== 'plain') Object.defineProperty(wrapper, Symbol.toStringTag, { value: fn[Symbol.toStringTag as never] });
  return wrapper as F;
}
