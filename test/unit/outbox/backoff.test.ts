import { describe, expect, it } from 'vitest';
import { backoffDelayMs, nextDelayMs, parseRetryAfterMs } from '../../../exporters/outbox/backoff.js';

describe('backoff', () => {
  it('doubles the ceiling from the initial delay and caps it', () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(0, 5_000, 3_600_000, top)).toBe(4_999);
    expect(backoffDelayMs(1, 5_000, 3_600_000, top)).toBe(9_999);
    expect(backoffDelayMs(3, 5_000, 3_600_000, top)).toBe(39_999);
    expect(backoffDelayMs(20, 5_000, 3_600_000, top)).toBe(3_599_996);
    expect(backoffDelayMs(10_000, 5_000, 3_600_000, top)).toBe(3_599_996);
  });

  it('is full jitter: anywhere from 0 to the ceiling', () => {
    expect(backoffDelayMs(4, 5_000, 3_600_000, () => 0)).toBe(0);
    expect(backoffDelayMs(4, 5_000, 3_600_000, () => 0.5)).toBe(40_000);
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('7', now)).toBe(7_000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });

  it('prefers the server Retry-After over backoff, capped at the max', () => {
    expect(nextDelayMs(5, 2_000, 5_000, 3_600_000)).toBe(2_000);
    expect(nextDelayMs(0, 10 * 3_600_000, 5_000, 3_600_000)).toBe(3_600_000);
  });
});
