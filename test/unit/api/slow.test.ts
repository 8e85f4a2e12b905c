import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { configureApi, monitored } from '../../../src/api/index.js';
import { counterValue, registerOtel } from './otel.js';

const otel = registerOtel();
afterAll(() => otel.shutdown());
beforeEach(() => otel.spans.reset());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slow-operation thresholds from configureApi', () => {
  test('per-operation threshold marks the span and counts; plain monitored does not alert', async () => {
    const slowCalls: string[] = [];
    configureApi({ slowThresholds: { 'job.slow': 1 }, onSlow: (name) => slowCalls.push(name) });
    const f = monitored('job.slow', () => sleep(20));
    await f();
    expect(otel.spans.getFinishedSpans()[0].attributes['vigil.slow']).toBe(true);
    expect(slowCalls).toEqual([]);
    const m = await otel.collect();
    expect(counterValue(m.get('vigil.slow_operations'), { operation: 'job.slow' })).toBe(1);
  });

  test('defaultSlowMs applies to unlisted operations, re-read after a later configureApi', async () => {
    const f = monitored('job.other', () => sleep(20), { alertOnSlow: true });
    configureApi({});
    await f();
    expect(otel.spans.getFinishedSpans()[0].attributes['vigil.slow']).toBeUndefined();
    const slowCalls: Array<[string, number]> = [];
    configureApi({ defaultSlowMs: 1, onSlow: (name, _ms, threshold) => slowCalls.push([name, threshold]) });
    await f();
    expect(slowCalls).toEqual([['job.other', 1]]);
  });

  test('slowMs: false opts an operation out; a throwing hook never reaches the caller', async () => {
    configureApi({
      defaultSlowMs: 0,
      onSlow: () => {
        throw new Error('hook fault');
      },
    });
    const off = monitored('job.off', () => sleep(5), { slowMs: false, alertOnSlow: true });
    const on = monitored('job.on', () => sleep(5), { alertOnSlow: true });
    await off();
    await expect(on()).resolves.toBeUndefined();
    const byName = new Map(otel.spans.getFinishedSpans().map((s) => [s.name, s.attributes['vigil.slow']]));
    expect(byName.get('job.off')).toBeUndefined();
    expect(byName.get('job.on')).toBe(true);
  });
});
