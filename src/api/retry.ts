import { diag, trace } from '@opentelemetry/api';
import type { LiveOtel } from '../metrics/index.js';
import { isThenable } from './flags.js';
import { errorType } from './operation.js';
import type { Operation } from './operation.js';
import type { AnyFunction, Backoff, RetryOptions } from './types.js';

const DEFAULT_BACKOFF: Backoff = { initialMs: 100, factor: 2, maxMs: 10_000 };

function delayFor(backoff: Backoff, retry: number): number {
  let ms: number;
  if (typeof backoff === 'number') ms = backoff;
  else if (typeof backoff === 'function') ms = backoff(retry);
  else ms = Math.min(backoff.initialMs * (backoff.factor ?? 2) ** (retry - 1), backoff.maxMs ?? Infinity);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

// Not unref()'d: the application is awaiting this call, so the wait is its work.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Turn `fn` into a function that retries failures. Every attempt becomes a
 * `retry.attempt` event on the current span; each retry adds 1 to
 * `vigil.operation.retries`. The last error is rethrown as is. Sync
 * functions retry at once (a sync caller cannot wait without blocking).
 */
export function withRetry(
  fn: AnyFunction,
  options: RetryOptions,
  opFor: (self: unknown) => Operation,
  liveFor: () => LiveOtel | undefined,
): AnyFunction {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 3));
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const retryIf = options.retryIf;
  return function retrying(this: unknown, ...args: unknown[]): unknown {
    const span = trace.getActiveSpan();
    const self = this;
    let attempt = 0;
    const event = (outcome: 'ok' | 'error', err?: unknown) =>
      span?.addEvent('retry.attempt', {
        'vigil.attempt': attempt,
        'vigil.outcome': outcome,
        ...(outcome === 'error' ? { 'error.type': errorType(err) } : {}),
      });
    // -1: give up (rethrow); otherwise the delay before the next attempt.
    const failed = (err: unknown): number => {
      event('error', err);
      if (attempt >= attempts || !accepts(retryIf, err)) return -1;
      liveFor()?.retries.add(1, opFor(self).attributes);
      return delayFor(backoff, attempt);
    };
    const settleAsync = (pending: PromiseLike<unknown>): Promise<unknown> =>
      Promise.resolve(pending).then(
        (value) => {
          event('ok');
          return value;
        },
        async (err: unknown) => {
          const delay = failed(err);
          if (delay < 0) throw err;
          if (delay > 0) await sleep(delay);
          return loop();
        },
      );
    const loop = (): unknown => {
      for (;;) {
        attempt++;
        let result: unknown;
        try {
          result = fn.apply(self, args);
        } catch (err) {
          if (failed(err) < 0) throw err;
          continue;
        }
        if (isThenable(result)) return settleAsync(result);
        event('ok');
        return result;
      }
    };
    return loop();
  };
}

function accepts(retryIf: ((error: unknown) => boolean) | undefined, err: unknown): boolean {
  if (retryIf === undefined) return true;
  try {
    return retryIf(err);
  } catch (hookError) {
    diag.warn('vigil api: retryIf threw; not retrying', hookError);
    return false;
  }
}
