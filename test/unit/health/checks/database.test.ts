import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseCheck } from '../../../../src/health/checks/database.js';
import { sqliteFileCheck } from '../../../../src/health/checks/sqlite-file.js';
import { storeCheck } from '../../../../src/health/checks/store.js';
import { runCheck } from '../../../../src/health/run.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-health-db-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('databaseCheck', () => {
  it('passes on a real node:sqlite database with its latency, and fails once it is closed', async () => {
    const db = new DatabaseSync(join(dir, 'emr.db'));
    const check = databaseCheck({ db });
    expect(check).toMatchObject({ name: 'database', component: 'database', measurement: 'responseTime', critical: true, intervalMs: 30_000 });
    const ok = await runCheck(check);
    expect(ok.result).toMatchObject({ status: 'pass', observedUnit: 'ms' });
    expect(ok.result.observedValue).toBeGreaterThanOrEqual(0);
    db.close();
    const closed = await runCheck(check);
    expect(closed.result.status).toBe('fail');
    expect(closed.result.output).toMatch(/not open/);
  });

  it('accepts a pg-style client and a probe function', async () => {
    const sqls: string[] = [];
    const client = { query: async (sql: string) => void sqls.push(sql) };
    expect((await runCheck(databaseCheck({ db: client }))).result.status).toBe('pass');
    expect(sqls).toEqual(['SELECT 1']);
    const down = databaseCheck({ db: async () => Promise.reject(new Error('connection refused')) });
    expect((await runCheck(down)).result).toMatchObject({ status: 'fail', output: 'connection refused' });
  });

  it('warns when SELECT 1 is slower than slowMs', async () => {
    const slow = databaseCheck({ db: () => new Promise((r) => setTimeout(r, 40)), slowMs: 5 });
    const r = await runCheck(slow);
    expect(r.result.status).toBe('warn');
    expect(r.result.output).toMatch(/slow above 5 ms/);
  });

  it('fails at its timeout', async () => {
    const hung = databaseCheck({ db: () => new Promise(() => {}), timeout: 20 });
    expect((await runCheck(hung)).result).toMatchObject({ status: 'fail', output: 'timed out after 20 ms' });
  });
});

describe('sqliteFileCheck', () => {
  it('opens the file read-only for each run; a missing file fails', async () => {
    const path = join(dir, 'app.db');
    const db = new DatabaseSync(path);
    db.exec('CREATE TABLE patients(id INTEGER)');
    db.close();
    expect((await runCheck(sqliteFileCheck({ path }))).result.status).toBe('pass');
    expect((await runCheck(sqliteFileCheck({ path: join(dir, 'missing.db') }))).result.status).toBe('fail');
  });
});

describe('storeCheck', () => {
  it('follows the store handle: open passes, closed or absent fails; not critical', async () => {
    let db: DatabaseSync | undefined = new DatabaseSync(join(dir, 'monitoring.db'));
    const check = storeCheck({ db: () => db });
    expect(check.critical).toBe(false);
    expect((await runCheck(check)).result.status).toBe('pass');
    db.close();
    expect((await runCheck(check)).result.status).toBe('fail');
    db = undefined;
    expect((await runCheck(check)).result).toMatchObject({ status: 'fail', output: 'the monitoring store is not open' });
  });
});
