import { context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

/** Called once, when the iteration ends: by completion, early return, or an error. */
export type Settle = (failed: boolean, error?: unknown) => void;

function once(settle: Settle): Settle {
  let done = false;
  return (failed, error) => {
    if (done) return;
    done = true;
    settle(failed, error);
  };
}

/**
 * Wrap an async generator so every step runs in `ctx` (spans the body starts
 * are children of the operation) and `settle` runs when it finishes. Values,
 * return values and errors pass through untouched.
 */
export function wrapAsyncGenerator<T, R, N>(
  it: AsyncGenerator<T, R, N>,
  ctx: Context,
  onSettle: Settle,
): AsyncGenerator<T, R, N> {
  const settle = once(onSettle);
  const step = (call: () => Promise<IteratorResult<T, R>>): Promise<IteratorResult<T, R>> => {
    let pending: Promise<IteratorResult<T, R>>;
    try {
      pending = context.with(ctx, call);
    } catch (err) {
      settle(true, err);
      throw err;
    }
    return pending.then(
      (result) => {
        if (result.done) settle(false);
        return result;
      },
      (err: unknown) => {
        settle(true, err);
        throw err;
      },
    );
  };
  const wrapped: AsyncGenerator<T, R, N> = {
    next: (...args: [] | [N]) => step(() => it.next(...args)),
    return: (value: R | PromiseLike<R>) => step(() => it.return(value)),
    throw: (err: unknown) => step(() => it.throw(err)),
    [Symbol.asyncIterator]() {
      return wrapped;
    },
    async [Symbol.asyncDispose]() {
      await wrapped.return(undefined as R);
    },
    [Symbol.toStringTag]: 'AsyncGenerator',
  } as AsyncGenerator<T, R, N>;
  return wrapped;
}

/** The synchronous counterpart of wrapAsyncGenerator. */
export function wrapGenerator<T, R, N>(it: Generator<T, R, N>, ctx: Context, onSettle: Settle): Generator<T, R, N> {
  const settle = once(onSettle);
  const step = (call: () => IteratorResult<T, R>): IteratorResult<T, R> => {
    let result: IteratorResult<T, R>;
    try {
      result = context.with(ctx, call);
    } catch (err) {
      settle(true, err);
      throw err;
    }
    if (result.done) settle(false);
    return result;
  };
  const wrapped: Generator<T, R, N> = {
    next: (...args: [] | [N]) => step(() => it.next(...args)),
    return: (value: R) => step(() => it.return(value)),
    throw: (err: unknown) => step(() => it.throw(err)),
    [Symbol.iterator]() {
      return wrapped;
    },
    [Symbol.dispose]() {
      wrapped.return(undefined as R);
    },
    [Symbol.toStringTag]: 'Generator',
  } as Generator<T, R, N>;
  return wrapped;
}
