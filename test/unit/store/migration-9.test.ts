import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/migrations.js';
import { latestCheckResults } from '../../../src/store/queries/health.js';

describe('migration 9', () => {
  it('adds service_name and pid to health_checks, keeps old rows, which read as one process', () => {
    const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'vigil-m9-')), 'monitoring.db'));
    migrate(db, 8);
    db.prepare("INSERT INTO health_checks (time_ms, check_name, status, critical) VALUES (1000, 'disk', 'fail', 1)").run();
    db.prepare("INSERT INTO health_checks (time_ms, check_name, status, critical) VALUES (2000, 'disk', 'pass', 1)").run();
    expect(() => db.prepare('SELECT service_name, pid FROM health_checks').all()).toThrow();
    expect(migrate(db, 9)).toBe(9);
    expect(db.prepare('SELECT COUNT(*) AS n FROM health_checks WHERE service_name IS NULL AND pid IS NULL').get()).toEqual({ n: 2 });
    const latest = latestCheckResults(db);
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ name: 'disk', status: 'pass', service: null, pid: null });
    db.close();
  });
});
