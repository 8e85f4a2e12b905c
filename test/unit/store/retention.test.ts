import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from '../../../src/store/retention.js';
import { usedBytes } from '../../../src/store/raw-tables.js';
import type { Store } from '../../../src/store/types.js';
import { count, freshStore, insertMessage, insertMetric, insertSpan } from './helpers.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);

describe('cleanup (retention)', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  it('deletes exactly the raw rows older than the cutoff, keeps rollups, and reports the counts', () => {
    const db = store.db;
    // Ages in days; 7 days is the limit, so 7.0001 goes and 6.9999 stays.
    const ages = [30, 10, 7.0001, 6.9999, 1, 0];
    for (const age of ages) {
      insertSpan(db, { name: `s${age}`, startMs: NOW - age * DAY, durationMs: 1 });
      insertMessage(db, NOW - age * DAY);
      insertMetric(db, { name: `m${age}`, timeMs: NOW - age * DAY, value: 1 });
    }
    db.prepare(`INSERT INTO metrics_hourly (hour_ms, name, attributes, count) VALUES (?, 'span:old', '{}', 1)`).run(NOW - 60 * DAY);
    const result = cleanup(db, { days: 7, now: NOW });
    expect(result).toMatchObject({ spans: 3, messages: 3, metrics: 3, metrics_hourly: 0 });
    expect(db.prepare('SELECT name FROM spans ORDER BY start_ms').all().map((r) => r.name)).toEqual(['s6.9999', 's1', 's0']);
    expect(db.prepare('SELECT name FROM metrics ORDER BY time_ms').all().map((r) => r.name)).toEqual(['m6.9999', 'm1', 'm0']);
    expect(count(db, 'messages')).toBe(3);
    expect(count(db, 'metrics_hourly')).toBe(1);
    expect(Object.values(cleanup(db, { days: 7, now: NOW })).every((n) => n === 0)).toBe(true);
  });

  it('gives the space back to the file system (incremental vacuum)', () => {
    const db = store.db;
    const big = 'x'.repeat(2000);
    const ins = db.prepare(`INSERT INTO messages (time_ms, body) VALUES (?, ?)`);
    db.exec('BEGIN');
    for (let i = 0; i < 3000; i++) ins.run(NOW - 40 * DAY + i, big);
    db.exec('COMMIT');
    const pages = (): number => Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    const before = pages();
    const used = usedBytes(db);
    expect(cleanup(db, { days: 30, now: NOW }).messages).toBe(3000);
    expect(pages()).toBeLessThan(before / 4);
    expect(usedBytes(db)).toBeLessThan(used / 4);
    expect(Number((db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count)).toBe(0);
  });

  it('refuses a negative or missing day count instead of deleting everything', () => {
    expect(() => cleanup(store.db, { days: -1 })).toThrow(RangeError);
    expect(() => cleanup(store.db, { days: Number.NaN })).toThrow(RangeError);
  });
});
