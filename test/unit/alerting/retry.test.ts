import { describe, expect, it } from 'vitest';
import { RetryableError, parseRetryAfter, withRetry } from '../../../src/alerting/channels/retry.js';

describe('channel retries', () => {
  it('backs off exponentially with jitter, capped, and gives up with the attempt count', async () => {
    const waits: number[] = [];
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new RetryableError('HTTP 502');
      },
      { attempts: 5, baseMs: 100, maxMs: 500, random: () => 1, sleep: async (ms) => void waits.push(ms) },
    );
    await expect(run).rejects.toThrow('HTTP 502 (after 5 attempts)');
    expect(calls).toBe(5);
    expect(waits).toEqual([100, 200, 400, 500]);
  });

  it('spreads retries with full jitter', async () => {
    const waits: number[] = [];
    await withRetry(
      async (attempt) => {
        if (attempt < 2) throw new RetryableError('timed out');
      },
      { baseMs: 1000, random: () => 0.25, sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([250, 500]);
  });

  it('waits at least what Retry-After asks', async () => {
    const waits: number[] = [];
    await withRetry(
      async (attempt) => {
        if (attempt === 0) throw new RetryableError('HTTP 429', 7000);
      },
      { baseMs: 10, maxMs: 60_000, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([7000]);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new Error('HTTP 400');
      }),
    ).rejects.toThrow(/^HTTP 400$/);
    expect(calls).toBe(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
