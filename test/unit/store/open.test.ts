import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../../src/store/migrations.js';
import { openStore } from '../../../src/store/open.js';
import { tempDir } from './helpers.js';

const TABLES = ['spans', 'messages', 'metrics', 'metrics_hourly', 'outbox', 'errors', 'error_users', 'error_events', 'alerts', 'silences', 'crash_reports', 'health_checks', 'progress'];

describe('openStore', () => {
  let remove = (): void => {};
  afterEach(() => remove());

  it('creates the data dir and a WAL, NORMAL, incremental-vacuum database at the latest schema', () => {
    const t = tempDir();
    remove = t.remove;
    const dataDir = join(t.dir, 'nested', 'data');
    const store = openStore({ dataDir, onProblem: (l) => expect.fail(l) })!;
    try {
      expect(store.path).toBe(join(dataDir, 'monitoring.db'));
      expect(existsSync(store.path)).toBe(true);
      const pragma = (name: string): unknown => Object.values(store.db.prepare(`PRAGMA ${name}`).get()!)[0];
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('synchronous')).toBe(1); // NORMAL
      expect(pragma('auto_vacuum')).toBe(2); // INCREMENTAL
      expect(Number(pragma('busy_timeout'))).toBeGreaterThan(0);
      expect(pragma('user_version')).toBe(LATEST_VERSION);
      const names = (store.db.prepare(`SELECT name, type FROM sqlite_master WHERE type IN ('table','view')`).all() as Array<{ name: string; type: string }>);
      for (const t of TABLES) expect(names).toContainEqual({ name: t, type: 'table' });
      expect(names).toContainEqual({ name: 'transactions', type: 'view' });
    } finally {
      store.close();
    }
  });

  it('reopens an existing store without losing rows, and close() is idempotent', () => {
    const t = tempDir();
    remove = t.remove;
    const a = openStore({ dataDir: t.dir })!;
    a.db.prepare(`INSERT INTO progress (job_id, name) VALUES ('j1', 'import')`).run();
    a.close();
    a.close();
    expect(a.closed).toBe(true);
    const b = openStore({ dataDir: t.dir })!;
    expect(b.db.prepare('SELECT name FROM progress').all()).toEqual([{ name: 'import' }]);
    b.close();
  });

  it('transactions holds local roots: no parent, or a remote parent', () => {
    const t = tempDir();
    remove = t.remove;
    const s = openStore({ dataDir: t.dir })!;
    const ins = s.db.prepare('INSERT INTO spans (span_id, parent_span_id, remote_parent, name) VALUES (?, ?, ?, ?)');
    ins.run('a', null, 0, 'root');
    ins.run('b', 'a', 0, 'child');
    ins.run('c', 'x', 1, 'continued');
    expect(s.db.prepare('SELECT name FROM transactions ORDER BY name').all().map((r) => r.name)).toEqual(['continued', 'root']);
    s.close();
  });
});
