import { context, INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { liveOtel } from '../metrics/index.js';
import { Operation } from './operation.js';
import { finish, runTimed } from './timed.js';
import type { MonitorOptions } from './types.js';

// measure() and measureScope() look operations up by name on every call;
// bounded so dynamic names cannot grow it forever.
const MAX_NAMED = 2000;
const named = new Map<string, Operation>();

function operation(name: string, options?: MonitorOptions): Operation {
  if (options !== undefined) return new Operation(name, options);
  let op = named.get(name);
  if (op === undefined) {
    op = new Operation(name, {});
    if (named.size < MAX_NAMED) named.set(name, op);
  }
  return op;
}

/** Time one call of `fn` now (sync or async) as the operation `name`. */
export function measure<T>(name: string, fn: () => T, options?: MonitorOptions): T {
  const live = liveOtel();
  if (live === undefined) return fn();
  return runTimed(operation(name, options), live, 0, 'plain', fn, undefined, []) as T;
}

/** A timed scope for `using m = measureScope('name')`: ends at the end of the block. */
export interface MeasureScope extends Disposable {
  readonly name: string;
  /** The scope's span (a non-recording one when no SDK is registered). */
  readonly span: Span;
  /** Milliseconds since the scope started. */
  elapsedMs(): number;
  /** Record the scope as failed with this error (the block's own exceptions are invisible to `using`). */
  fail(error: unknown): void;
  /** End now; later calls and the dispose at block end do nothing. */
  end(): void;
}

const noopScope: MeasureScope = {
  name: '',
  span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
  elapsedMs: () => 0,
  fail: () => undefined,
  end: () => undefined,
  [Symbol.dispose]: () => undefined,
};

/**
 * Start a timed scope. The span is a child of the active span but is not made
 * active itself (a block cannot enter a context), so spans started inside the
 * block are its siblings.
 */
export function measureScope(name: string, options?: MonitorOptions): MeasureScope {
  const live = liveOtel();
  if (live === undefined) return noopScope;
  const op = operation(name, options);
  const span = live.tracer.startSpan(name, op.spanOptions, context.active());
  const start = globalThis.performance.now();
  let ended = false;
  let failed = false;
  let error: unknown;
  const end = () => {
    if (ended) return;
    ended = true;
    finish(op, live, span, start, 0, failed, error);
  };
  return {
    name,
    span,
    elapsedMs: () => globalThis.performance.now() - start,
    fail(err: unknown) {
      failed = true;
      error = err;
    },
    end,
    [Symbol.dispose]: end,
  };
}
