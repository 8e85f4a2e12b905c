import { readdirSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/child.js';
import { count, freshStore, insertSpan, seedExpired } from '../unit/store/helpers.js';
import type * as Maintenance from '../../src/store/maintenance.js';
import type * as Runner from '../../src/store/maintenance-runner.js';
import type * as Writer from '../../exporters/sqlite/thread-writer.js';

const DAY = 86_400_000;
// The built modules: from dist/ the pass runs as a job of the store's SQLite write thread.
const { startMaintenance } = (await import(resolve(ROOT, 'dist/src/store/maintenance.js'))) as typeof Maintenance;
const { writeThreadRunner } = (await import(resolve(ROOT, 'dist/src/store/maintenance-runner.js'))) as typeof Runner;
const { threadWriterFor } = (await import(resolve(ROOT, 'dist/exporters/sqlite/thread-writer.js'))) as typeof Writer;

/** Names of this process's threads (Linux). */
const threadNames = (): string[] => readdirSync('/proc/self/task').map((t) => readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim());
/** Worker threads other than the writer (an unnamed worker is 'WorkerThread'). */
const otherWorkers = (): number => threadNames().filter((n) => n === 'WorkerThread' || n.startsWith('vigil-maint')).length;

describe('maintenance on the store write thread (dist build)', () => {
  it('rolls up, expires and counts exactly as on the main thread', async () => {
    const { store, dispose } = freshStore();
    const now = Date.now();
    seedExpired(store.db, now);
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000, runner: writeThreadRunner(store.path, () => threadWriterFor(store)) });
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

  it('starts no thread of its own: every pass runs on the writer, whose batches still commit in between', async () => {
    const { store, dispose } = freshStore();
    const now = Date.now();
    const before = otherWorkers();
    const writer = threadWriterFor(store);
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000, runner: writeThreadRunner(store.path, () => writer) });
    try {
      for (let pass = 1; pass <= 3; pass++) {
        for (let i = 0; i < 5; i++) insertSpan(store.db, { name: `old${pass}`, startMs: now - 40 * DAY + i, durationMs: 3 });
        const sql = `INSERT INTO messages (time_ms, severity_number, severity_text, body, attributes) VALUES (?, 9, 'INFO', ?, '{}')`;
        const batch = writer.write(sql, [[now, `during pass ${pass}`]]);
        await m.runNow();
        expect(batch.accepted && (await batch.committed).ok).toBe(true);
        expect(m.stats.onThread).toBe(true);
        expect(m.stats.expired['spans']).toBe(5 * pass);
      }
      // Before: a maintenance worker (thread, isolate, connection) of its own, kept at rest.
      expect(threadNames().filter((n) => n.startsWith('vigil-sqlite-wr'))).toHaveLength(1);
      expect(otherWorkers()).toBe(before);
      expect(m.stats.runs).toBe(3);
      expect(count(store.db, 'spans')).toBe(0);
      expect(count(store.db, 'messages')).toBe(3);
    } finally {
      m.stop();
      dispose();
    }
  });

  it('a pass that fails on the thread is recorded as failed (stats.lastError), not counted as an empty pass', async () => {
    const { store, dispose } = freshStore();
    seedExpired(store.db, Date.now());
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000, runner: writeThreadRunner(store.path, () => threadWriterFor(store)) });
    // Another writer holds the lock longer than the thread's busy timeout.
    const other = new DatabaseSync(store.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      await m.runNow();
      expect(m.stats.lastError).toMatch(/locked/);
      expect(count(store.db, 'spans')).toBe(21);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      m.stop();
      dispose();
    }
  });

  it('without a thread that can take it, the pass runs on this thread', async () => {
    const { store, dispose } = freshStore();
    insertSpan(store.db, { name: 'old', startMs: Date.now() - 40 * DAY, durationMs: 3 });
    const m = startMaintenance(store, { retentionDays: 30, firstRunMs: 3_600_000, runner: writeThreadRunner(store.path, () => undefined) });
    try {
      await m.runNow();
      expect(m.stats.onThread).toBe(false);
      expect(m.stats.expired['spans']).toBe(1);
    } finally {
      m.stop();
      dispose();
    }
  });
});
