import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/migrations.js';

describe('migration 4', () => {
  it('turns stored nanosecond integers into exact text, keeps every row, the view and the new columns', () => {
    const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'vigil-m4-')), 'monitoring.db'));
    migrate(db, 3);
    const ns = 1_763_900_000_123_456_789n; // past 2^53
    db.prepare('INSERT INTO spans (trace_id, span_id, name, start_time_ns, end_time_ns, start_ms) VALUES (?, ?, ?, ?, ?, ?)').run('t', 's', 'GET /', ns, ns + 5n, 1_763_900_000_123);
    db.prepare('INSERT INTO messages (time_ns, time_ms, body) VALUES (?, ?, ?)').run(ns, 1_763_900_000_123, 'hello');
    expect(() => db.prepare('SELECT * FROM transactions').all()).toThrow(); // what every default reader hit
    expect(migrate(db, 4)).toBe(4);
    expect(db.prepare('SELECT start_time_ns, end_time_ns FROM transactions').get()).toEqual({ start_time_ns: String(ns), end_time_ns: String(ns + 5n) });
    expect(db.prepare('SELECT time_ns, body FROM messages').get()).toEqual({ time_ns: String(ns), body: 'hello' });
    db.prepare('SELECT critical FROM health_checks').all();
    db.prepare('SELECT expires_ms FROM alerts').all();
    db.close();
  });
});
