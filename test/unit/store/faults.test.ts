import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open.js';
import { count, tempDir } from './helpers.js';

describe('store faults', () => {
  let remove = (): void => {};
  afterEach(() => remove());

  it('moves a corrupt file aside, keeps it for inspection and opens a fresh one', () => {
    const t = tempDir();
    remove = t.remove;
    const path = join(t.dir, 'monitoring.db');
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(path, garbage);
    const lines: string[] = [];
    const store = openStore({ dataDir: t.dir, onProblem: (l) => lines.push(l) })!;
    try {
      expect(store).toBeDefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(path);
      const aside = readdirSync(t.dir).filter((f) => f.startsWith('monitoring.db.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(lines[0]).toContain(join(t.dir, aside[0]!));
      expect(readFileSync(join(t.dir, aside[0]!)).equals(garbage)).toBe(true);
      expect(count(store.db, 'spans')).toBe(0);
      store.db.prepare(`INSERT INTO spans (span_id, name) VALUES ('a', 'works')`).run();
      expect(count(store.db, 'spans')).toBe(1);
    } finally {
      store.close();
    }
  });

  it('a data dir that cannot be created gives one line naming it and no store', () => {
    const t = tempDir();
    remove = t.remove;
    const file = join(t.dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const dataDir = join(file, 'data');
    const lines: string[] = [];
    expect(openStore({ dataDir, onProblem: (l) => lines.push(l) })).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(dataDir);
    expect(lines[0]).toMatch(/SQLite storage is off/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the default sink never throws (the line itself goes through src/sdk/output.ts, tested there)', () => {
    const t = tempDir();
    remove = t.remove;
    const file = join(t.dir, 'f');
    writeFileSync(file, '');
    expect(openStore({ dataDir: join(file, 'd') })).toBeUndefined();
  });

  it('a database locked by another connection gives one line naming it and no store', () => {
    const t = tempDir();
    remove = t.remove;
    const path = join(t.dir, 'monitoring.db');
    const holder = new DatabaseSync(path);
    holder.exec('PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE held (x); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1);');
    const lines: string[] = [];
    try {
      expect(openStore({ dataDir: t.dir, busyTimeoutMs: 50, onProblem: (l) => lines.push(l) })).toBeUndefined();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(/locked/);
  });
});
