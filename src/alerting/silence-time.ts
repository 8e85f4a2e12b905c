import { formatDuration, parseDuration } from '../health/duration.js';
import type { SilenceInput } from './types.js';

/**
 * The longest silence accepted: ten years. Alertmanager sets none, but an
 * end beyond 2^53 ms (`--duration 99999999999h`, `endsAt: 1e300`) cannot be
 * read back as a number and once hid every silence; nobody means a century.
 */
export const MAX_SILENCE_MS = 10 * 365 * 86_400_000;
/** Times are accepted between 1970 and 9999 (what an ISO 8601 date can say). */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A silence's duration from text or ms; throws with the reason. The CLI, the API and the config file all call it. */
export function silenceDurationMs(value: unknown): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new Error(`duration must be like 30m, 2h, 7d (got ${JSON.stringify(value)})`);
  if (ms > MAX_SILENCE_MS) throw new Error(`duration ${JSON.stringify(value)} is longer than the ${formatDuration(MAX_SILENCE_MS)} a silence may last`);
  return Math.round(ms);
}

/** A time from ms or ISO 8601 text; throws with the reason. */
export function silenceTimeMs(value: unknown, what = 'time'): number {
  const t = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(t) || t < 0 || t > MAX_TIME_MS) throw new Error(`${what} ${JSON.stringify(value)} is not a time between 1970 and 9999 (ms or ISO 8601)`);
  return Math.round(t);
}

/** Start and end of a silence from its input, validated: every entry point goes through here. */
export function silenceWindow(input: Pick<SilenceInput, 'startsAtMs' | 'endsAtMs' | 'duration'>, now: number): { startsAtMs: number; endsAtMs: number } {
  const startsAtMs = input.startsAtMs === undefined ? now : silenceTimeMs(input.startsAtMs, 'startsAt');
  let endsAtMs: number;
  if (input.endsAtMs !== undefined) endsAtMs = silenceTimeMs(input.endsAtMs, 'endsAt');
  else if (input.duration !== undefined) endsAtMs = startsAtMs + silenceDurationMs(input.duration);
  else throw new Error('a silence needs endsAt or duration');
  if (endsAtMs <= startsAtMs) throw new Error('a silence must end after it starts');
  if (endsAtMs - startsAtMs > MAX_SILENCE_MS) throw new Error(`a silence may last at most ${formatDuration(MAX_SILENCE_MS)}`);
  return { startsAtMs, endsAtMs };
}
