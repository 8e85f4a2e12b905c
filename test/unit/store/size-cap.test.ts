import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usedBytes } from '../../../src/store/raw-tables.js';
import { enforceSizeCap, fileBytes, keepUnderCap } from '../../../src/store/size-cap.js';
import type { Store } from '../../../src/store/types.js';
import { count, freshStore } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);

describe('enforceSizeCap', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  /** Interleaved raw rows of all three tables, one per second, each ~1 KB. */
  function fill(n: number): void {
    const db = store.db;
    const pad = 'y'.repeat(1000);
    const span = db.prepare(`INSERT INTO spans (span_id, name, start_ms, attributes) VALUES (?, 's', ?, ?)`);
    const msg = db.prepare(`INSERT INTO messages (time_ms, body) VALUES (?, ?)`);
    const met = db.prepare(`INSERT INTO metrics (time_ms, name, attributes) VALUES (?, 'm', ?)`);
    db.exec('BEGIN');
    for (let i = 0; i < n; i++) {
      const t = T0 + i * 1000;
      if (i % 3 === 0) span.run(`span${i}`, t, pad);
      else if (i % 3 === 1) msg.run(t, pad);
      else met.run(t, pad);
    }
    db.exec('COMMIT');
  }

  const times = (): number[] =>
    (store.db.prepare('SELECT start_ms AS t FROM spans UNION ALL SELECT time_ms FROM messages UNION ALL SELECT time_ms FROM metrics ORDER BY t').all() as Array<{ t: number }>).map((r) => r.t);

  it('drops the oldest raw rows first, across tables, until under the cap, and counts them exactly', () => {
    fill(3000);
    const keepOther = store.db.prepare(`INSERT INTO alerts (time_ms, event, rule) VALUES (?, 'firing', 'r')`);
    keepOther.run(T0 - 1); // older than everything, but not raw data: never dropped
    const before = { spans: count(store.db, 'spans'), messages: count(store.db, 'messages'), metrics: count(store.db, 'metrics') };
    const cap = Math.floor(usedBytes(store.db) / 2);
    const r = enforceSizeCap(store.db, cap);
    expect(r.underCap).toBe(true);
    expect(usedBytes(store.db)).toBeLessThanOrEqual(cap);
    expect(r.bytesAfter).toBeLessThanOrEqual(cap);
    // Counts reported are exactly the rows that disappeared.
    expect(r.dropped).toEqual({
      spans: before.spans - count(store.db, 'spans'),
      messages: before.messages - count(store.db, 'messages'),
      metrics: before.metrics - count(store.db, 'metrics'),
    });
    const dropped = r.dropped.spans + r.dropped.messages + r.dropped.metrics;
    expect(dropped).toBeGreaterThan(0);
    // Oldest first: what remains is exactly the newest (3000 - dropped) rows.
    const remaining = times();
    expect(remaining).toHaveLength(3000 - dropped);
    expect(remaining[0]).toBe(T0 + dropped * 1000);
    expect(count(store.db, 'alerts')).toBe(1);
  });

  it('does nothing under the cap', () => {
    fill(30);
    const r = enforceSizeCap(store.db, 100 * 1024 * 1024);
    expect(r.dropped).toEqual({ spans: 0, messages: 0, metrics: 0 });
    expect(times()).toHaveLength(30);
  });

  it('stops (not under cap) when only non-raw tables are left', () => {
    const r = enforceSizeCap(store.db, 1);
    expect(r.underCap).toBe(false);
    expect(r.dropped).toEqual({ spans: 0, messages: 0, metrics: 0 });
  });
});

describe('keepUnderCap (run by the writer after each commit)', () => {
  let fx: ReturnType<typeof freshStore>;
  beforeEach(() => (fx = freshStore()));
  afterEach(() => fx.dispose());

  function insert(from: number, n: number): void {
    const span = fx.store.db.prepare(`INSERT INTO spans (span_id, name, start_ms, attributes) VALUES (?, 's', ?, ?)`);
    fx.store.db.exec('BEGIN');
    for (let i = from; i < from + n; i++) span.run(`span${i}`, T0 + i, 'z'.repeat(1000));
    fx.store.db.exec('COMMIT');
  }

  it('under the cap: touches nothing', () => {
    insert(0, 100);
    expect(keepUnderCap(fx.store.db, fx.store.path, 64 * 1024 * 1024)).toBe(0);
    expect(count(fx.store.db, 'spans')).toBe(100);
  });

  it('over the cap: the database and its WAL end under it, the newest rows kept, the WAL truncated', () => {
    const cap = 1024 * 1024;
    let dropped = 0;
    // Batches of 200 ~1 KB rows, as a writer would commit them: 6 MB offered in all.
    for (let b = 0; b < 30; b++) {
      insert(b * 200, 200);
      dropped += keepUnderCap(fx.store.db, fx.store.path, cap);
      expect(fileBytes(fx.store.path)).toBeLessThanOrEqual(cap + 200 * 1100);
    }
    expect(fileBytes(fx.store.path)).toBeLessThanOrEqual(cap);
    const kept = count(fx.store.db, 'spans');
    expect(kept + dropped).toBe(6000);
    const oldest = (fx.store.db.prepare('SELECT MIN(start_ms) AS t FROM spans').get() as { t: number }).t;
    expect(oldest).toBe(T0 + dropped);
  });
});
