import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, userVersion } from '../../../src/store/migrations.js';
import { openStore } from '../../../src/store/open.js';
import { tempDir } from './helpers.js';

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('schema migrations', () => {
  let remove = (): void => {};
  afterEach(() => remove());

  it('migrates a database of the first release forward through every step, keeping its rows', () => {
    const t = tempDir();
    remove = t.remove;
    const path = join(t.dir, 'monitoring.db');
    // The fixture: what the previous release wrote (migrations up to N-1), with data in it.
    const old = new DatabaseSync(path);
    old.exec('PRAGMA journal_mode = WAL');
    expect(migrate(old, 1)).toBe(1);
    old.prepare(`INSERT INTO metrics_hourly (hour_ms, name, attributes, count) VALUES (0, 'span:GET /', '{}', 7)`).run();
    old.prepare(`INSERT INTO spans (trace_id, span_id, name, start_ms, end_ms) VALUES ('t1', 's1', 'GET /', 5, 9)`).run();
    const pk = (db: DatabaseSync) => db.prepare('PRAGMA table_info(spans)').all().find((c) => c.name === 'span_id')?.pk;
    expect(pk(old)).toBe(1);
    const before = old.prepare('PRAGMA table_info(metrics_hourly)').all().map((c) => c.name);
    expect(before).not.toContain('errors');
    old.close();

    const store = openStore({ dataDir: t.dir, onProblem: (l) => expect.fail(l) })!;
    try {
      expect(userVersion(store.db)).toBe(LATEST_VERSION);
      expect(store.db.prepare('PRAGMA table_info(metrics_hourly)').all().map((c) => c.name)).toContain('errors');
      expect(store.db.prepare('SELECT name, count, errors FROM metrics_hourly').all()).toEqual([{ name: 'span:GET /', count: 7, errors: null }]);
      // Version 3 rebuilt spans without the span_id key, rows and view intact.
      expect(pk(store.db)).toBe(0);
      expect(store.db.prepare('SELECT trace_id, span_id, name, start_ms FROM transactions').all()).toEqual([{ trace_id: 't1', span_id: 's1', name: 'GET /', start_ms: 5 }]);
    } finally {
      store.close();
    }
  });

  it('refuses a newer schema with one line naming the file, and leaves the file untouched', () => {
    const t = tempDir();
    remove = t.remove;
    mkdirSync(t.dir, { recursive: true });
    const path = join(t.dir, 'monitoring.db');
    const future = new DatabaseSync(path);
    future.exec(`CREATE TABLE from_the_future (x); PRAGMA user_version = ${LATEST_VERSION + 5};`);
    future.close();
    const hash = sha(path);

    const lines: string[] = [];
    expect(openStore({ dataDir: t.dir, onProblem: (l) => lines.push(l) })).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toContain(`schema version ${LATEST_VERSION + 5}`);
    expect(lines[0]).not.toContain('\n');
    expect(sha(path)).toBe(hash);
  });

  it('migrate() is a no-op at the latest version', () => {
    const db = new DatabaseSync(':memory:');
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toBe(LATEST_VERSION);
    db.close();
  });
});
