import { SpanStatusCode } from '@opentelemetry/api';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import * as api from '../../../src/api/index.js';
import { compileFixture } from './compile.js';
import { counterValue, histogramCount, registerOtel } from './otel.js';
import type { defineServices } from './fixtures/services.js';

const otel = registerOtel();
afterAll(() => otel.shutdown());

const errors: Array<[unknown, string]> = [];
const failures: Array<[unknown, string]> = [];
const slow: Array<[string, number, number]> = [];
api.configureApi({
  onError: (err, name) => errors.push([err, name]),
  onFailure: (err, name) => failures.push([err, name]),
  onSlow: (name, ms, threshold) => slow.push([name, ms, threshold]),
});

const { defineServices: define } = compileFixture<{ defineServices: typeof defineServices }>(
  fileURLToPath(new URL('./fixtures/services.ts', import.meta.url)),
);
const { PatientService, scoped } = define(api);

beforeEach(() => {
  otel.spans.reset();
  errors.length = failures.length = slow.length = 0;
});
const spanNames = () => otel.spans.getFinishedSpans().map((s) => s.name);

describe('standard decorators on class methods', () => {
  test('@monitored keeps this and the result, names the span Class.method', async () => {
    const svc = new PatientService();
    expect(svc.format(7)).toBe('P-7');
    expect(spanNames()).toEqual(['PatientService.format']);
    const m = await otel.collect();
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'PatientService.format' })).toBe(1);
  });

  test('@monitored on a static method names it after the class', () => {
    expect(PatientService.create()).toBeInstanceOf(PatientService);
    expect(spanNames()).toEqual(['PatientService.create']);
  });

  test('@monitorAll on an async method: value, nested span parented, no error hook on success', async () => {
    const svc = new PatientService();
    expect(await svc.load(3)).toEqual({ id: 'P-3' });
    const spans = otel.spans.getFinishedSpans();
    const load = spans.find((s) => s.name === 'PatientService.load')!;
    const format = spans.find((s) => s.name === 'PatientService.format')!;
    expect(format.parentSpanContext?.spanId).toBe(load.spanContext().spanId);
    expect(errors).toEqual([]);
  });

  test('sync throw: the identical error, custom name', () => {
    const boom = new Error('x');
    expect(() => new PatientService().fail(boom)).toThrow(boom);
    let caught: unknown;
    try {
      new PatientService().fail(boom);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
    expect(spanNames()).toContain('patients.fail');
  });

  test('@monitorAll rejection: identical error, onError gets it with the operation name', async () => {
    const boom = new Error('db down');
    await expect(new PatientService().rejectWith(boom)).rejects.toBe(boom);
    expect(errors).toHaveLength(1);
    expect(errors[0][0]).toBe(boom);
    expect(errors[0][1]).toBe('PatientService.rejectWith');
    expect(otel.spans.getFinishedSpans()[0].status.code).toBe(SpanStatusCode.ERROR);
  });

  test('async generator method: this kept, values the same, span ends at the end', async () => {
    const out: string[] = [];
    for await (const v of new PatientService().stream(3)) out.push(v);
    expect(out).toEqual(['P-0', 'P-1', 'P-2']);
    expect(spanNames()).toEqual(['patients.stream']);
  });

  test('@captureErrors and @alertOnFailure: hooks get the identical error, no span of their own', () => {
    const a = new Error('a');
    const b = new Error('b');
    const svc = new PatientService();
    expect(() => svc.captured(a)).toThrow(a);
    expect(() => svc.alerting(b)).toThrow(b);
    expect(errors.map(([e]) => e)).toEqual([a]);
    expect(failures.map(([e]) => e)).toEqual([b]);
    expect(failures[0][1]).toBe('PatientService.alerting');
    expect(spanNames()).toEqual([]);
  });

  test('@monitorAll({ items }) records the item count per call', async () => {
    const svc = new PatientService();
    svc.importBatch([1, 2, 3]);
    svc.importBatch([4, 5]);
    expect(otel.spans.getFinishedSpans().map((s) => s.attributes['vigil.operation.items'])).toEqual([3, 2]);
    const m = await otel.collect();
    expect(counterValue(m.get('vigil.operation.items'), { operation: 'PatientService.importBatch' })).toBe(5);
  });

  test('@countCalls counts without a span', async () => {
    const svc = new PatientService();
    svc.counted();
    svc.counted();
    expect(svc.counted()).toBe(3);
    expect(spanNames()).toEqual([]);
    const m = await otel.collect();
    expect(counterValue(m.get('vigil.operation.calls'), { operation: 'PatientService.counted' })).toBe(3);
  });

  test('@measureAndAlert: over the threshold marks the span, counts it and calls onSlow', async () => {
    const svc = new PatientService();
    await svc.slow(0);
    await svc.slow(60);
    const spans = otel.spans.getFinishedSpans();
    expect(spans.filter((s) => s.attributes['vigil.slow'] === true)).toHaveLength(1);
    expect(slow).toHaveLength(1);
    expect(slow[0][0]).toBe('PatientService.slow');
    expect(slow[0][1]).toBeGreaterThan(20);
    expect(slow[0][2]).toBe(20);
    const m = await otel.collect();
    expect(counterValue(m.get('vigil.slow_operations'), { operation: 'PatientService.slow' })).toBe(1);
  });

  test('@retry: retries until success, each attempt an event, retries counted', async () => {
    const svc = new PatientService();
    const before = counterValue((await otel.collect()).get('vigil.operation.retries'));
    expect(await svc.flaky([new Error('1'), new Error('2')])).toBe('ok');
    expect(svc.calls).toBe(3);
    const [span] = otel.spans.getFinishedSpans();
    expect(span.name).toBe('PatientService.flaky');
    expect(span.events.filter((e) => e.name === 'retry.attempt').map((e) => e.attributes?.['vigil.outcome'])).toEqual([
      'error',
      'error',
      'ok',
    ]);
    const after = counterValue((await otel.collect()).get('vigil.operation.retries'));
    expect(after - before).toBe(2);
  });

  test('@retry: gives up after the attempts and rethrows the identical last error', async () => {
    const svc = new PatientService();
    const last = new Error('3');
    await expect(svc.flaky([new Error('1'), new Error('2'), last, new Error('unused')])).rejects.toBe(last);
    expect(svc.calls).toBe(3);
  });

  test('using m = measureScope(...) ends the span at block exit, also when the block throws', () => {
    expect(scoped(false)).toBe(1);
    expect(() => scoped(true)).toThrow('inside the block');
    expect(spanNames()).toEqual(['scope.using', 'scope.using']);
  });
});
