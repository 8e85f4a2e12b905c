import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/child.js';
import { count, freshStore, insertMessage, insertSpan } from '../unit/store/helpers.js';
import type * as Maintenance from '../../src/store/maintenance.js';

const DAY = 86_400_000;
// The built module: from dist/ the pass runs on a worker thread with its own connection.
const { startMaintenance } = (await import(resolve(ROOT, 'dist/src/store/maintenance.js'))) as typeof Maintenance;

describe('maintenance on its worker thread (dist build)', () => {
  it('rolls up, expires and counts exactly as on the main thread', async () => {
    const { store, dispose } = freshStore();
    const now = Date.now();
    for (let i = 0; i < 20; i++) insertSpan(store.db, { name: 'old', startMs: now - 40 * DAY + i, durationMs: 3 });
    for (let i = 0; i < 7; i++) insertMessage(store.db, now - 31 * DAY);
    insertSpan(store.db, { name: 'recent', startMs: now - 3 * 3_600_000, durationMs: 3 });
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000 });
    try {
      await m.runNow();
      expect(m.stats.onThread).toBe(true);
      expect(m.stats.lastError).toBeUndefined();
      expect(m.stats.expired).toMatchObject({ spans: 20, messages: 7, metrics: 0 });
      expect(m.stats.hoursAggregated).toBeGreaterThan(0);
      expect(store.db.prepare(`SELECT SUM(count) AS n FROM metrics_hourly WHERE name = 'span:old'`).get()).toEqual({ n: 20 });
      expect(count(store.db, 'spans')).toBe(1);
    } finally {
      m.stop();
      dispose();
    }
  });

  it('keeps one worker for every pass, and a second pass with new old rows still expires them', async () => {
    const { store, dispose } = freshStore();
    const now = Date.now();
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000 });
    try {
      for (let pass = 1; pass <= 3; pass++) {
        for (let i = 0; i < 5; i++) insertSpan(store.db, { name: `old${pass}`, startMs: now - 40 * DAY + i, durationMs: 3 });
        await m.runNow();
        expect(m.stats.onThread).toBe(true);
        expect(m.stats.expired['spans']).toBe(5 * pass);
      }
      // Before: a worker (thread, isolate, connection) was started for each pass.
      expect(m.stats.threadsStarted).toBe(1);
      expect(m.stats.runs).toBe(3);
      expect(count(store.db, 'spans')).toBe(0);
    } finally {
      m.stop();
      dispose();
    }
  });
});
