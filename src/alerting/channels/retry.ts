/** How a channel retries: exponential backoff with full jitter, capped, honouring Retry-After. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** An error worth another attempt; `retryAfterMs` comes from the server. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const sleepUnref = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Run `fn` until it succeeds, throws a non-retryable error, or the attempts
 * run out; the last error is rethrown with the attempt count.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, o.attempts ?? 4);
  const base = o.baseMs ?? 500;
  const max = o.maxMs ?? 30_000;
  const sleep = o.sleep ?? sleepUnref;
  const random = o.random ?? Math.random;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn(i);
    } catch (err) {
      last = err;
      if (!(err instanceof RetryableError) || i === attempts - 1) break;
      const backoff = random() * Math.min(max, base * 2 ** i);
      await sleep(Math.min(max, Math.max(err.retryAfterMs ?? 0, backoff)));
    }
  }
  const msg = last instanceof Error ? last.message : String(last);
  throw new Error(attempts > 1 && last instanceof RetryableError ? `${msg} (after ${attempts} attempts)` : msg);
}

/** Retry-After as seconds or an HTTP date → milliseconds. */
export function parseRetryAfter(v: string | null, now = Date.now()): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
