import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHealth } from '../../../src/health/registry.js';

const SCHEMA = `CREATE TABLE health_checks(id INTEGER PRIMARY KEY, time_ms INTEGER, check_name TEXT, status TEXT, observed_value REAL, observed_unit TEXT, output TEXT, duration_ms REAL, critical INTEGER, service_name TEXT, pid INTEGER)`;

let dir: string;
let db: DatabaseSync;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-health-history-'));
  db = new DatabaseSync(join(dir, 'monitoring.db'));
  db.exec(SCHEMA);
});
afterEach(() => {
  if (db.isOpen) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('health history', () => {
  it('writes each result to health_checks in batches, flushed at stop', async () => {
    const health = createHealth({ db: () => db, historyFlushMs: 60_000 });
    health.register('lab-link', () => ({ status: 'warn', observedValue: 812, observedUnit: 'ms', output: 'slow' }));
    health.register('printer', () => false);
    await health.runNow();
    await health.runNow('printer');
    expect(db.prepare('SELECT COUNT(*) AS n FROM health_checks').get()).toEqual({ n: 0 });
    health.stop();
    const rows = db.prepare('SELECT check_name, status, observed_value, observed_unit, output, duration_ms, time_ms FROM health_checks ORDER BY id').all();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ check_name: 'lab-link', status: 'warn', observed_value: 812, observed_unit: 'ms', output: 'slow' });
    expect(rows[1]).toMatchObject({ check_name: 'printer', status: 'fail', observed_value: null, output: 'the check returned false' });
    expect(typeof rows[0]!.duration_ms).toBe('number');
    expect(Math.abs(Date.now() - Number(rows[0]!.time_ms))).toBeLessThan(60_000);
  });

  it("names each row's service and process, so offline readers can tell workers apart", async () => {
    const health = createHealth({ db: () => db, historyFlushMs: 60_000, serviceId: 'lab-api' });
    health.register('printer', () => false);
    await health.runNow();
    health.stop();
    expect(db.prepare('SELECT check_name, service_name, pid FROM health_checks').all()).toEqual([{ check_name: 'printer', service_name: 'lab-api', pid: process.pid }]);
  });

  it('keeps a batch that meets a lock and writes it once the lock is gone', async () => {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA busy_timeout = 0');
    const health = createHealth({ db: () => db, historyFlushMs: 60_000 });
    health.register('lab-link', () => true);
    await health.runNow();
    const other = new DatabaseSync(join(dir, 'monitoring.db'));
    other.exec('BEGIN IMMEDIATE');
    health.historySummary(24); // flushes first: the batch meets the lock
    other.exec('ROLLBACK');
    other.close();
    expect(db.prepare('SELECT COUNT(*) AS n FROM health_checks').get()).toEqual({ n: 0 });
    await health.runNow();
    health.stop();
    expect(db.prepare('SELECT COUNT(*) AS n FROM health_checks').get()).toEqual({ n: 2 });
  });

  it('summarises availability per check', async () => {
    const health = createHealth({ db: () => db });
    let ok = true;
    health.register('flappy', () => ok);
    await health.runNow();
    await health.runNow();
    ok = false;
    await health.runNow();
    const [s] = health.historySummary(24);
    expect(s).toMatchObject({ check: 'flappy', pass: 2, warn: 0, fail: 1, availability: 66.7 });
    expect(s!.lastFailMs).toBeGreaterThan(0);
    health.stop();
  });

  it('never throws without a store, with a closed store or a missing table', async () => {
    for (const target of [() => undefined, () => db, () => new DatabaseSync(':memory:')]) {
      const health = createHealth({ db: target });
      if (target() === db) db.close();
      health.register('x', () => true);
      await health.runNow();
      expect(() => health.stop()).not.toThrow();
      expect(health.historySummary()).toEqual([]);
    }
  });
});
