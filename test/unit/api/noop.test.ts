import { describe, expect, test } from 'vitest';
import { measure, measureScope, metrics, monitored, performance } from '../../../src/api/index.js';

// No provider is registered in this file: everything must call straight through.
describe('without an SDK registered', () => {
  test('monitored calls straight through: same value, same error, same this', async () => {
    const self = { k: 2 };
    const f = monitored('noop.f', function (this: typeof self, x: number) {
      return x * this.k;
    });
    expect(f.call(self, 4)).toBe(8);
    const boom = new Error('b');
    const g = monitored('noop.g', async () => {
      throw boom;
    });
    await expect(g()).rejects.toBe(boom);
    expect(performance.report()).toEqual([]);
  });

  test('measure, measureScope and the facade do nothing visible', () => {
    expect(measure('noop.m', () => 5)).toBe(5);
    const scope = measureScope('noop.scope');
    expect(scope.span.isRecording()).toBe(false);
    scope[Symbol.dispose]();
    metrics.timing('noop.timing', 3);
    metrics.count('noop.count');
    metrics.gauge('noop.gauge', 1);
    expect(performance.report()).toEqual([]);
  });
});
