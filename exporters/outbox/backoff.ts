/**
 * Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff
 * And Jitter"): a uniform draw in [0, min(max, initial * 2^attempt)]. Full
 * jitter spreads many clinics reconnecting after the same outage instead of
 * having them hammer the backend in lockstep.
 */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when absent or unparseable, so the caller falls back to backoff.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The delay before the next attempt: the server's Retry-After when it gave one, else jittered backoff. */
export function nextDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  initialMs: number,
  maxMs: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxMs);
  return backoffDelayMs(attempt, initialMs, maxMs);
}
