import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMaintenance } from '../../../src/store/maintenance.js';
import type { Store } from '../../../src/store/types.js';
import { count, freshStore, seedExpired } from './helpers.js';

describe('startMaintenance', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  it('runs rollup, retention and the size cap, and counts what it deleted', async () => {
    const now = Date.now();
    seedExpired(store.db, now);
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000 });
    try {
      await m.runNow();
      expect(m.stats.runs).toBe(1);
      expect(m.stats.lastError).toBeUndefined();
      expect(m.stats.expired).toMatchObject({ spans: 20, messages: 7, metrics: 0 });
      expect(m.stats.hoursAggregated).toBeGreaterThan(0);
      // The old spans were rolled up before they were deleted.
      expect(store.db.prepare(`SELECT SUM(count) AS n FROM metrics_hourly WHERE name = 'span:old'`).get()).toEqual({ n: 20 });
      expect(count(store.db, 'spans')).toBe(1);
    } finally {
      m.stop();
    }
  });

  it('enforces the size cap and counts what it dropped', async () => {
    const pad = 'z'.repeat(1500);
    const ins = store.db.prepare(`INSERT INTO messages (time_ms, body) VALUES (?, ?)`);
    store.db.exec('BEGIN');
    for (let i = 0; i < 2000; i++) ins.run(Date.now() - 2000 + i, pad); // ~3.5 MB
    store.db.exec('COMMIT');
    const m = startMaintenance(store, { maxDbMb: 1, firstRunMs: 3_600_000 });
    try {
      await m.runNow();
      expect(m.stats.droppedForSize.messages).toBeGreaterThan(0);
      expect(count(store.db, 'messages')).toBe(2000 - m.stats.droppedForSize.messages);
      expect(m.stats.expired).toEqual({}); // no retention configured: nothing expires
    } finally {
      m.stop();
    }
  });

  it('never rejects, even when the store is closed under it', async () => {
    const m = startMaintenance(store, { retentionDays: 1, firstRunMs: 3_600_000 });
    store.close();
    await expect(m.runNow()).resolves.toBeUndefined();
    m.stop();
  });
});
