import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { storedVerdict, verdict } from '../../../src/health/verdict.js';
import { latestCheckResults } from '../../../src/store/queries.js';

describe('verdict: the one status and score', () => {
  it('a non-critical failure degrades to warn, and the score stays below "healthy"', () => {
    const checks = Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, status: 'pass' as const, critical: true }));
    const v = verdict([...checks, { name: 'backup', status: 'fail', critical: false, output: 'old' }]);
    expect(v).toEqual({ status: 'warn', score: 89, output: 'backup: old' });
  });

  it('a critical failure fails, capped at 50', () => {
    expect(verdict([{ name: 'db', status: 'fail', critical: true }, { name: 'x', status: 'pass', critical: false }])).toMatchObject({ status: 'fail', score: 25 });
  });

  it('stored rows: an unknown status counts as fail; no rows, no verdict', () => {
    expect(storedVerdict([])).toBeUndefined();
    expect(storedVerdict([{ name: 'db', status: 'weird', critical: true, output: null }])).toMatchObject({ status: 'fail', score: 0 });
  });
});

describe('stored results', () => {
  it('a check silent for a day before the newest result (removed from the config) no longer counts', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE health_checks (id INTEGER PRIMARY KEY, time_ms INTEGER, check_name TEXT, status TEXT, observed_value REAL, observed_unit TEXT, output TEXT, duration_ms REAL, critical INTEGER, service_name TEXT, pid INTEGER)');
    const now = 1_800_000_000_000;
    const ins = db.prepare('INSERT INTO health_checks (time_ms, check_name, status, critical) VALUES (?, ?, ?, ?)');
    ins.run(now - 3 * 86_400_000, 'old-gateway', 'fail', 1);
    ins.run(now - 60_000, 'db', 'pass', 1);
    ins.run(now, 'disk', 'pass', 0);
    expect(latestCheckResults(db).map((c) => c.name)).toEqual(['db', 'disk']);
    expect(storedVerdict(latestCheckResults(db))).toMatchObject({ status: 'pass', score: 100 });
    // As of three days ago, it was the newest and counted.
    expect(latestCheckResults(db, now - 2 * 86_400_000).map((c) => c.name)).toEqual(['old-gateway']);
  });
});
