import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker, TRUNCATED } from '../../../src/errors/index.js';
import type { ErrorTracker } from '../../../src/errors/index.js';
import { events, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

describe('oversize and cyclic data', () => {
  let t: TempDb;
  let tr: ErrorTracker;
  beforeEach(() => {
    t = tempDb();
    tr = createErrorTracker({ db: () => t.db });
  });
  afterEach(() => t.close());

  it('truncates a message over 8 KB with a marker', async () => {
    tr.captureException(new Error('x'.repeat(100_000)));
    await tr.flush();
    const [e] = events(t.db);
    expect(e.message.length).toBeLessThanOrEqual(8 * 1024);
    expect(e.message.endsWith(TRUNCATED)).toBe(true);
  });

  it('truncates a context over 16 KB and still stores valid JSON', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ i, note: `row ${i} `.repeat(5) }));
    tr.captureException(new Error('big'), { context: { rows, tail: 'y'.repeat(50_000) } });
    await tr.flush();
    const [e] = events(t.db);
    expect(e.context!.length).toBeLessThanOrEqual(16 * 1024 * 1.25);
    expect(e.context).toContain(TRUNCATED);
    const ctx = JSON.parse(e.context!);
    expect(ctx.rows[0]).toEqual({ i: 0, note: 'row 0 '.repeat(5) });
  });

  it('serializes cyclic references as [Circular] and keeps shared ones', async () => {
    const shared = { ward: 'B' };
    const a: Record<string, unknown> = { name: 'a', shared };
    const b: Record<string, unknown> = { name: 'b', shared, a };
    a.b = b;
    const arr: unknown[] = [1];
    arr.push(arr);
    tr.captureException(new Error('cyclic'), { context: { a, arr } });
    await tr.flush();
    const ctx = JSON.parse(events(t.db)[0].context!);
    expect(ctx.a.b.a).toBe('[Circular]');
    expect(ctx.a.b.shared).toEqual({ ward: 'B' });
    expect(ctx.arr).toEqual([1, '[Circular]']);
  });

  it('snapshots the context at capture time', async () => {
    const ctx = { step: 'before' };
    tr.captureException(new Error('snap'), { context: ctx });
    ctx.step = 'after';
    await tr.flush();
    expect(JSON.parse(events(t.db)[0].context!)).toEqual({ step: 'before' });
  });

  it('stores odd values in contexts and tags as readable JSON', async () => {
    tr.captureException(new Error('odd'), {
      context: { big: 10n, when: new Date(0), fn: function named() {}, nan: NaN, map: new Map([['k', 1]]), err: new RangeError('inner') },
      tags: { route: '/visits/:id', attempt: 3, nested: { a: 1 } },
    });
    await tr.flush();
    const [e] = events(t.db);
    const ctx = JSON.parse(e.context!);
    expect(ctx).toMatchObject({ big: '10n', when: '1970-01-01T00:00:00.000Z', nan: 'NaN', map: [['k', 1]] });
    expect(ctx.err).toMatchObject({ name: 'RangeError', message: 'inner' });
    expect(JSON.parse(e.tags)).toEqual({ route: '/visits/:id', attempt: '3', nested: '{"a":1}' });
  });
});
