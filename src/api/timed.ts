import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Exception, Span } from '@opentelemetry/api';
import { ATTR_ITEMS, ATTR_SLOW } from '../metrics/index.js';
import type { LiveOtel } from '../metrics/index.js';
import { callHook, state } from './config.js';
import { ALERT_FAILURE, ALERT_SLOW, CAPTURE, COUNT, isThenable } from './flags.js';
import type { FunctionKind } from './flags.js';
import { wrapAsyncGenerator, wrapGenerator } from './iterator.js';
import type { Operation } from './operation.js';
import type { AnyFunction } from './types.js';

const now = globalThis.performance.now.bind(globalThis.performance);

/**
 * End a timed call: one histogram point, the item count when the operation
 * has one, slow detection, hooks, the span's end. No call counter: the
 * histogram's count is the number of calls.
 */
export function finish(
  op: Operation,
  live: LiveOtel,
  span: Span,
  start: number,
  flags: number,
  failed: boolean,
  error?: unknown,
  args?: unknown[],
  result?: unknown,
  ctx?: Context,
): void {
  const ms = now() - start;
  const attributes = failed ? op.errorAttributesFor(error) : op.attributes;
  // The call's own context when the caller has it: the SDK need not look up the active one.
  live.duration.record(ms / 1000, attributes, ctx);
  let items = 0;
  if (op.counted && (items = op.itemsOf(args ?? [], result)) > 0) {
    live.items.add(items, attributes);
    span.setAttribute(ATTR_ITEMS, items);
  }
  if (failed) reportFailure(op, span, flags, error);
  const threshold = op.slowThreshold();
  if (ms > threshold) {
    span.setAttribute(ATTR_SLOW, true);
    live.slow.add(1, op.attributes);
    if (flags & ALERT_SLOW) callHook(state.hooks.onSlow, span, op.name, ms, threshold);
  }
  op.stats.record(ms, failed, items);
  span.end();
}

/** Mark the span failed and hand the error to the hooks the flags ask for. */
export function reportFailure(op: Operation, span: Span | undefined, flags: number, error: unknown): void {
  if (span !== undefined) {
    span.recordException(toException(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  if (flags & CAPTURE) callHook(state.hooks.onError, span, error, op.name);
  if (flags & ALERT_FAILURE) callHook(state.hooks.onFailure, span, error, op.name);
}

function toException(error: unknown): Exception {
  if (error instanceof Error || typeof error === 'string') return error;
  return String(error);
}

/** Run `fn` inside a new span; the span ends when the call, promise or generator finishes. */
export function runTimed(
  op: Operation,
  live: LiveOtel,
  flags: number,
  kind: FunctionKind,
  fn: AnyFunction,
  self: unknown,
  args: unknown[],
): unknown {
  const span = live.tracer.startSpan(op.name, op.spanOptions);
  const ctx = trace.setSpan(context.active(), span);
  const start = now();
  let result: unknown;
  try {
    result = context.with(ctx, fn, self, ...args);
  } catch (err) {
    finish(op, live, span, start, flags, true, err, args, undefined, ctx);
    throw err;
  }
  if (kind === 'plain') {
    if (!isThenable(result)) {
      finish(op, live, span, start, flags, false, undefined, args, result, ctx);
      return result;
    }
    return result.then(
      (value) => {
        finish(op, live, span, start, flags, false, undefined, args, value, ctx);
        return value;
      },
      (err: unknown) => {
        finish(op, live, span, start, flags, true, err, args, undefined, ctx);
        throw err;
      },
    );
  }
  const settle = (failed: boolean, err?: unknown) => finish(op, live, span, start, flags, failed, err, args, undefined, ctx);
  return kind === 'async-generator'
    ? wrapAsyncGenerator(result as AsyncGenerator, ctx, settle)
    : wrapGenerator(result as Generator, ctx, settle);
}

/** No span: only the counter and the error hooks the flags ask for. */
export function runLight(
  op: Operation,
  live: LiveOtel,
  flags: number,
  kind: FunctionKind,
  fn: AnyFunction,
  self: unknown,
  args: unknown[],
): unknown {
  if (flags & COUNT) live.calls.add(1, op.attributes);
  if (!(flags & (CAPTURE | ALERT_FAILURE))) return fn.apply(self, args);
  // The active span belongs to the caller: hooks run in its context, but it is not marked.
  const fail = (err: unknown) => {
    if (flags & CAPTURE) callHook(state.hooks.onError, undefined, err, op.name);
    if (flags & ALERT_FAILURE) callHook(state.hooks.onFailure, undefined, err, op.name);
  };
  let result: unknown;
  try {
    result = fn.apply(self, args);
  } catch (err) {
    fail(err);
    throw err;
  }
  if (kind === 'plain') {
    if (!isThenable(result)) return result;
    return result.then(undefined, (err: unknown) => {
      fail(err);
      throw err;
    });
  }
  const settle = (failed: boolean, err?: unknown) => failed && fail(err);
  return kind === 'async-generator'
    ? wrapAsyncGenerator(result as AsyncGenerator, context.active(), settle)
    : wrapGenerator(result as Generator, context.active(), settle);
}
