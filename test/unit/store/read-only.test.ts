import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadOnly } from '../../../src/store/open.js';
import type { Store } from '../../../src/store/types.js';
import { count, freshStore, insertSpan } from './helpers.js';

describe('openReadOnly', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  it('reads committed rows while the writer holds an open write transaction, and cannot write', () => {
    insertSpan(store.db, { name: 'committed', startMs: 1, durationMs: 1 });
    const reader = openReadOnly(store.path);
    try {
      store.db.exec('BEGIN IMMEDIATE');
      insertSpan(store.db, { name: 'pending', startMs: 2, durationMs: 1 });
      // WAL: the reader is not blocked and sees the last committed state.
      expect(reader.prepare('SELECT name FROM spans').all().map((r) => r.name)).toEqual(['committed']);
      store.db.exec('COMMIT');
      expect(count(reader, 'spans')).toBe(2);
      expect(() => reader.exec(`DELETE FROM spans`)).toThrow(/readonly/);
    } finally {
      reader.close();
    }
  });

  it('a second process reads the file while this one keeps writing', () => {
    for (let i = 0; i < 100; i++) insertSpan(store.db, { name: 'first', startMs: i, durationMs: 1 });
    store.db.exec('BEGIN IMMEDIATE');
    insertSpan(store.db, { name: 'uncommitted', startMs: 1000, durationMs: 1 });
    const script = `
      const { DatabaseSync } = require('node:sqlite');
      const db = new DatabaseSync(process.argv[1], { readOnly: true });
      db.exec('PRAGMA busy_timeout = 5000');
      process.stdout.write(String(db.prepare('SELECT COUNT(*) AS n FROM spans').get().n));`;
    try {
      const out = execFileSync(process.execPath, ['-e', script, store.path], { encoding: 'utf8', timeout: 20_000 });
      expect(out).toBe('100');
    } finally {
      store.db.exec('COMMIT');
    }
    expect(count(store.db, 'spans')).toBe(101);
  });

  it('names the path when the file does not exist', () => {
    expect(() => openReadOnly('/nonexistent/dir/monitoring.db')).toThrow('/nonexistent/dir/monitoring.db');
  });
});
