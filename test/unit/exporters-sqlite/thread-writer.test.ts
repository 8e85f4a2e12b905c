import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThreadWriter } from '../../../exporters/sqlite/thread-writer.js';
import { eventually } from '../../helpers/child.js';
import { count, freshStore } from '../store/helpers.js';

const INSERT = `INSERT INTO messages (time_ms, body) VALUES (?, ?)`;
const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => [from + i, 'x'.repeat(92)]);

// The write thread against a lock held by another connection: it retries
// until the lock goes, and what waits meanwhile is bounded.
describe('ThreadWriter behind a lock', () => {
  let fx: ReturnType<typeof freshStore>;
  let writer: ThreadWriter;
  beforeEach(() => (fx = freshStore()));
  afterEach(async () => {
    await writer.close();
    fx.dispose();
  });

  it('retries a locked batch until it commits, and refuses batches beyond the memory budget meanwhile', async () => {
    const locks: string[] = [];
    // Ten 100-byte rows a batch: a 1,500-byte budget holds one batch, not two.
    writer = new ThreadWriter(fx.store.path, { queueBudgetBytes: 1500, onLocked: (d) => locks.push(d) });
    const other = new DatabaseSync(fx.store.path);
    other.exec('BEGIN IMMEDIATE');
    let held = false;
    const first = writer.write(INSERT, rows(10), () => (held = true));
    expect(first.accepted).toBe(true);
    expect(writer.write(INSERT, rows(10, 10)).accepted).toBe(false);
    // Held at the first lock: the batch's exporter may answer the SDK at once.
    await eventually(() => held);
    // Past the announcement delay: reported once.
    await eventually(() => locks.length > 0 || undefined);
    expect(locks).toEqual(['database is locked']);
    expect(count(fx.store.db, 'messages')).toBe(0);
    other.exec('COMMIT');
    other.close();
    if (!first.accepted) throw new Error('unreachable');
    expect((await first.committed).ok).toBe(true);
    expect(count(fx.store.db, 'messages')).toBe(10);
    // Room again once it is written.
    const next = writer.write(INSERT, rows(10, 20));
    expect(next.accepted).toBe(true);
    if (next.accepted) expect((await next.committed).ok).toBe(true);
    expect(count(fx.store.db, 'messages')).toBe(20);
  });
});

describe('ThreadWriter under load', () => {
  let fx: ReturnType<typeof freshStore>;
  let writer: ThreadWriter;
  beforeEach(() => (fx = freshStore()));
  afterEach(async () => {
    await writer.close();
    fx.dispose();
  });

  /** Frames the WAL holds (each commit appends the pages it changed), then empties it. */
  const walFrames = (): number => {
    const { log } = fx.store.db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number };
    fx.store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return log;
  };

  it('writes the batches waiting for it in one transaction (fewer commits), each once', async () => {
    writer = new ThreadWriter(fx.store.path);
    const committed = (s: ReturnType<ThreadWriter['write']>) => (s.accepted ? s.committed : Promise.reject(new Error('refused')));
    walFrames();
    // One at a time: five commits.
    for (let i = 0; i < 5; i++) expect((await committed(writer.write(INSERT, rows(1, i)))).ok).toBe(true);
    const oneByOne = walFrames();

    // Five batches queued behind a lock: at most two commits once it goes.
    const other = new DatabaseSync(fx.store.path);
    other.exec('BEGIN IMMEDIATE');
    let held = false;
    const queued = Array.from({ length: 5 }, (_, i) => committed(writer.write(INSERT, rows(1, 10 + i), () => (held = true))));
    await eventually(() => held);
    other.exec('COMMIT');
    other.close();
    expect((await Promise.all(queued)).every((r) => r.ok)).toBe(true);
    expect(walFrames()).toBeLessThan(oneByOne);
    expect(count(fx.store.db, 'messages')).toBe(10);
  });
});
