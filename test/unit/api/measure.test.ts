import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { measure, measureScope, performance } from '../../../src/api/index.js';
import { histogramCount, registerOtel } from './otel.js';

const otel = registerOtel();
afterAll(() => otel.shutdown());
beforeEach(() => otel.spans.reset());

describe('measure and measureScope', () => {
  test('measure runs the function now and returns its value (sync and async)', async () => {
    expect(measure('m.sync', () => 'v')).toBe('v');
    expect(await measure('m.async', async () => 7)).toBe(7);
    expect(otel.spans.getFinishedSpans().map((s) => s.name)).toEqual(['m.sync', 'm.async']);
  });

  test('measure rethrows the identical error', () => {
    const boom = new Error('m');
    expect(() =>
      measure('m.fail', () => {
        throw boom;
      }),
    ).toThrow(boom);
  });

  test('a scope ends when disposed, once, and records one point', async () => {
    const scope = measureScope('m.scope');
    expect(otel.spans.getFinishedSpans()).toHaveLength(0);
    scope[Symbol.dispose]();
    scope[Symbol.dispose]();
    scope.end();
    expect(otel.spans.getFinishedSpans().map((s) => s.name)).toEqual(['m.scope']);
    const m = await otel.collect();
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'm.scope' })).toBe(1);
    expect(performance.report().find((r) => r.name === 'm.scope')?.count).toBe(1);
  });

  test('fail() marks the scope as an error', () => {
    const scope = measureScope('m.scope.fail');
    scope.fail(new Error('x'));
    scope.end();
    expect(otel.spans.getFinishedSpans()[0].status.code).toBe(SpanStatusCode.ERROR);
    expect(performance.report().find((r) => r.name === 'm.scope.fail')?.errors).toBe(1);
  });
});
