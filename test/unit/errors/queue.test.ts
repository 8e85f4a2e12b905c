import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import { events, groups, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

describe('batched writes', () => {
  let t: TempDb;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.close());

  it('writes on its own after a short delay, without flush()', async () => {
    const tr = createErrorTracker({ db: () => t.db, flushDelayMs: 5 });
    tr.captureException(new Error('later'));
    expect(events(t.db)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(events(t.db)).toHaveLength(1);
  });

  it('keeps events while the store is not open yet, and writes them once it is', async () => {
    const ref: { db?: DatabaseSync } = {};
    const tr = createErrorTracker({ db: () => ref.db });
    tr.captureException(new Error('early'));
    await tr.flush();
    ref.db = t.db;
    await tr.flush();
    expect(events(t.db).map((e) => e.message)).toEqual(['early']);
  });

  it('writes a burst larger than one batch completely', async () => {
    const tr = createErrorTracker({ db: () => t.db, maxQueue: 5000 });
    for (let i = 0; i < 1234; i++) tr.captureException(new Error(`burst ${i}`));
    await tr.flush();
    expect(groups(t.db)[0].count).toBe(1234);
  });

  it('drops events beyond maxQueue instead of growing without bound', async () => {
    const ref: { db?: DatabaseSync } = {};
    const tr = createErrorTracker({ db: () => ref.db, maxQueue: 10 });
    for (let i = 0; i < 50; i++) tr.captureException(new Error('x'));
    await tr.flush();
    ref.db = t.db;
    await tr.flush();
    expect(events(t.db)).toHaveLength(10);
  });

  it('logs and survives a store without the tables', async () => {
    const bare = new DatabaseSync(':memory:');
    const tr = createErrorTracker({ db: () => bare });
    expect(() => tr.captureException(new Error('no table'))).not.toThrow();
    await expect(tr.flush()).resolves.toBeUndefined();
    bare.close();
  });
});
