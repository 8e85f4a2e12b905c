import { describe, expect, test } from 'vitest';
import { monitored } from '../../../src/api/index.js';
import { registerOtel } from './otel.js';

// Retry changes behaviour, so it must work with or without an SDK registered.
describe('retry option', () => {
  test('without an SDK: a sync function is retried at once and returns the final result', () => {
    let calls = 0;
    const f = monitored(
      'sync.flaky',
      () => {
        if (++calls < 3) throw new Error(`fail ${calls}`);
        return calls;
      },
      { retry: { attempts: 5 } },
    );
    expect(f()).toBe(3);
    expect(calls).toBe(3);
  });

  test('retryIf stops retrying errors it rejects and rethrows that exact error', async () => {
    const fatal = new Error('fatal');
    let calls = 0;
    const f = monitored(
      'async.fatal',
      async () => {
        calls++;
        throw fatal;
      },
      { retry: { attempts: 5, backoff: 0, retryIf: (e) => e !== fatal } },
    );
    await expect(f()).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  test('backoff function gets the retry number; events are recorded once an SDK is registered', async () => {
    const otel = registerOtel();
    try {
      const asked: number[] = [];
      let calls = 0;
      const f = monitored(
        'async.backoff',
        async () => {
          if (++calls < 3) throw new Error('again');
          return 'ok';
        },
        {
          retry: {
            attempts: 3,
            backoff: (n) => {
              asked.push(n);
              return 1;
            },
          },
        },
      );
      expect(await f()).toBe('ok');
      expect(asked).toEqual([1, 2]);
      const [span] = otel.spans.getFinishedSpans();
      expect(span.events.map((e) => e.attributes?.['vigil.attempt'])).toEqual([1, 2, 3]);
    } finally {
      await otel.shutdown();
    }
  });
});
