import { trace } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { monitored, performance } from '../../../src/api/index.js';
import { counterValue, histogramCount, registerOtel } from './otel.js';

const otel = registerOtel();
afterAll(() => otel.shutdown());
beforeEach(() => otel.spans.reset());

const spanNames = () => otel.spans.getFinishedSpans().map((s) => s.name);

describe('monitored() on functions', () => {
  test('sync: same result, this and arguments kept, one span and one histogram point', async () => {
    const target = { k: 10 };
    const add = monitored('sync.add', function (this: typeof target, a: number, b: number) {
      return a + b + this.k;
    });
    expect(add.call(target, 1, 2)).toBe(13);
    expect(spanNames()).toEqual(['sync.add']);
    const m = await otel.collect();
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'sync.add' })).toBe(1);
  });

  test('sync: the exact error is thrown, the span is an error, the point carries error.type', async () => {
    const boom = new RangeError('nope');
    const fail = monitored('sync.fail', () => {
      throw boom;
    });
    let caught: unknown;
    try {
      fail();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(boom);
    const [span] = otel.spans.getFinishedSpans();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.some((e) => e.name === 'exception')).toBe(true);
    const m = await otel.collect();
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'sync.fail', 'error.type': 'RangeError' })).toBe(1);
  });

  test('async: resolves to the same value; the span ends after the promise settles', async () => {
    const slowDouble = monitored('async.double', async (x: number) => {
      await new Promise((r) => setTimeout(r, 5));
      return { value: x * 2 };
    });
    const pending = slowDouble(21);
    expect(spanNames()).toEqual([]);
    expect(await pending).toEqual({ value: 42 });
    expect(spanNames()).toEqual(['async.double']);
  });

  test('async: rejects with the identical error', async () => {
    const boom = new Error('async boom');
    const fail = monitored('async.fail', async () => {
      await Promise.resolve();
      throw boom;
    });
    await expect(fail()).rejects.toBe(boom);
    expect(otel.spans.getFinishedSpans()[0].status.code).toBe(SpanStatusCode.ERROR);
  });

  test('async generator: yields the same values, body spans are children, span ends when it finishes', async () => {
    const inner = trace.getTracer('test');
    const gen = monitored('gen.numbers', async function* (n: number) {
      for (let i = 0; i < n; i++) {
        inner.startSpan(`child-${i}`).end();
        yield i;
      }
      return 'done';
    });
    const it = gen(3);
    const seen: number[] = [];
    for await (const v of it) {
      seen.push(v);
      expect(spanNames()).not.toContain('gen.numbers');
    }
    expect(seen).toEqual([0, 1, 2]);
    const spans = otel.spans.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'gen.numbers')!;
    expect(parent).toBeDefined();
    for (const child of spans.filter((s) => s.name.startsWith('child-'))) {
      expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    }
  });

  test('async generator: an error thrown mid-iteration is the identical error; break ends the span cleanly', async () => {
    const boom = new TypeError('mid');
    const failing = monitored('gen.fail', async function* () {
      yield 1;
      throw boom;
    });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of failing()) got.push(v);
      })(),
    ).rejects.toBe(boom);
    expect(got).toEqual([1]);
    const endless = monitored('gen.endless', async function* () {
      for (let i = 0; ; i++) yield i;
    });
    for await (const v of endless()) if (v === 2) break;
    const byName = new Map(otel.spans.getFinishedSpans().map((s) => [s.name, s]));
    expect(byName.get('gen.fail')!.status.code).toBe(SpanStatusCode.ERROR);
    expect(byName.get('gen.endless')!.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('sync generator: same values, span ends at completion', () => {
    const gen = monitored('gen.sync', function* () {
      yield 'a';
      yield 'b';
    });
    expect([...gen()]).toEqual(['a', 'b']);
    expect(spanNames()).toEqual(['gen.sync']);
  });

  // Issue 16: a timed call added 1 to vigil.operation.calls as well, a value the histogram's count holds.
  test('countCalls on a timed operation: the histogram counts the calls, no second counter', async () => {
    const f = monitored('counted', (x: number) => x, { countCalls: true });
    f(1);
    f(2);
    f(3);
    const m = await otel.collect();
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'counted' })).toBe(3);
    expect(m.get('vigil.operation.calls')?.dataPoints.find((p) => p.attributes.operation === 'counted')).toBeUndefined();
  });

  // Issue 10, defect 16: an item count per call, for throughput per item.
  test('items: a number or a function of (args, result) → vigil.operation.items and a span attribute', async () => {
    const batch = monitored('import.batch', async (rows: string[]) => rows.length, { items: (args) => (args[0] as string[]).length });
    await batch(['a', 'b', 'c']);
    await batch(['d']);
    const fixed = monitored('import.page', () => 'ok', { items: 50 });
    fixed();
    const fromResult = monitored('import.fetch', () => [1, 2], { items: (_args, result) => (result as number[]).length });
    fromResult();
    const m = await otel.collect();
    expect(counterValue(m.get('vigil.operation.items'), { operation: 'import.batch' })).toBe(4);
    expect(counterValue(m.get('vigil.operation.items'), { operation: 'import.page' })).toBe(50);
    expect(counterValue(m.get('vigil.operation.items'), { operation: 'import.fetch' })).toBe(2);
    const items = otel.spans.getFinishedSpans().map((s) => [s.name, s.attributes['vigil.operation.items']]);
    expect(items).toEqual([['import.batch', 3], ['import.batch', 1], ['import.page', 50], ['import.fetch', 2]]);
    expect(performance.report().find((r) => r.name === 'import.batch')?.items).toBe(4);
  });

  test('items: a throwing or non-numeric count records nothing and never reaches the app', async () => {
    const bad = monitored('items.bad', (x: number) => x * 2, { items: () => { throw new Error('nope'); } });
    const nan = monitored('items.nan', (x: number) => x, { items: Number.NaN });
    expect(bad(2)).toBe(4);
    expect(nan(1)).toBe(1);
    const m = await otel.collect();
    expect(m.get('vigil.operation.items')?.dataPoints.filter((p) => String(p.attributes.operation).startsWith('items.')) ?? []).toEqual([]);
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'items.bad' })).toBe(1);
  });

  test('static attributes go on the span and the metric point', async () => {
    const f = monitored('with.attrs', () => 1, { attributes: { 'app.queue': 'billing' } });
    f();
    expect(otel.spans.getFinishedSpans()[0].attributes['app.queue']).toBe('billing');
    const m = await otel.collect();
    expect(histogramCount(m.get('vigil.operation.duration'), { operation: 'with.attrs', 'app.queue': 'billing' })).toBe(1);
  });

  test('keeps the function name and length', () => {
    function namedFn(_a: number, _b: number) {
      return 0;
    }
    const w = monitored('n', namedFn);
    expect(w.name).toBe('namedFn');
    expect(w.length).toBe(2);
  });
});
