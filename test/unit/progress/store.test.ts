import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import express from 'express';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { listProgress, progressRouter, trackProgress } from '../../../src/progress/index.js';

// The agreed schema (the store's migration creates it in monitoring.db).
const SCHEMA = `CREATE TABLE progress(job_id TEXT PRIMARY KEY, name TEXT, state TEXT, total INTEGER,
  processed INTEGER, successful INTEGER, failed INTEGER, rate REAL, eta_s REAL, started_ms INTEGER, updated_ms INTEGER)`;

function openDb(): DatabaseSync {
  const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'vigil-progress-db-')), 'monitoring.db'));
  db.exec(SCHEMA);
  return db;
}

describe('progress table and /api/progress', () => {
  const db = openDb();
  afterAll(() => db.close());

  test('rows are upserted, throttled between updates, and always written at complete', () => {
    const t = trackProgress('nightly', { total: 10, db: () => db, dbIntervalMs: 60_000 });
    t.update({ processed: 3 });
    t.update({ processed: 3 });
    const row = () => db.prepare('SELECT * FROM progress WHERE job_id = ?').get('nightly') as Record<string, unknown>;
    expect(row()).toMatchObject({ processed: 3, state: 'running', total: 10 });
    t.update({ processed: 4, failed: 1 });
    t.complete();
    expect(row()).toMatchObject({ processed: 10, successful: 9, failed: 1, state: 'completed', eta_s: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM progress').get()).toEqual({ n: 1 });
  });

  test('a throttled update is written when the interval ends; stop() writes the exact counts', () => {
    // Issue 10, defect 5: the row said 100/1000 while the job was at 400, and stayed so.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const row = () => db.prepare('SELECT state, processed, eta_s FROM progress WHERE job_id = ?').get('trailing') as Record<string, unknown>;
      const t = trackProgress('trailing', { total: 1000, db: () => db, dbIntervalMs: 1000 });
      for (let i = 0; i < 4; i++) t.update({ processed: 100 });
      expect(row()).toMatchObject({ processed: 100 });
      vi.advanceTimersByTime(1000);
      expect(row()).toMatchObject({ processed: 400, state: 'running' });
      t.update({ processed: 50 });
      t.stop();
      expect(row()).toMatchObject({ processed: 450, state: 'stopped', eta_s: null });
    } finally {
      vi.useRealTimers();
    }
  });

  test('a missing table is logged and dropped, not thrown', () => {
    const bare = new DatabaseSync(':memory:');
    const t = trackProgress('no-table', { total: 1, db: () => bare });
    expect(() => t.complete()).not.toThrow();
    bare.close();
  });

  test('listProgress merges table rows of other processes with live trackers', () => {
    db.prepare(
      `INSERT INTO progress VALUES ('other-proc', 'other', 'running', 100, 10, 10, 0, 2.5, 36, 1000, 2000)`,
    ).run();
    const jobs = listProgress(db);
    const ids = jobs.map((j) => j.jobId);
    expect(ids).toContain('other-proc');
    expect(ids).toContain('nightly');
    expect(jobs.find((j) => j.jobId === 'other-proc')).toMatchObject({ processed: 10, percent: 10, etaSeconds: 36 });
  });

  test('GET /api/progress over a real HTTP server', async () => {
    const app = express().use(progressRouter({ db: () => db }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/progress`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { jobs: Array<{ jobId: string; state: string }> };
      expect(body.jobs.find((j) => j.jobId === 'nightly')?.state).toBe('completed');
      expect(body.jobs.find((j) => j.jobId === 'other-proc')).toBeDefined();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
