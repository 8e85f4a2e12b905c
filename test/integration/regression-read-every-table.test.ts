// Regression (issue 10, defect 11): `transactions` and `messages` exposed
// nanosecond integers past 2^53, which node:sqlite refuses to read without
// BigInt: `SELECT * FROM transactions` failed in any default reader. Every
// table and view is read here with default node:sqlite settings, and every
// reader of Vigil's (CLI, report, export) runs on the same file.
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { eventually, startApp, tempDir } from '../helpers/child.js';
import { vigil } from '../fixtures/cli/run.js';

describe('every table and view reads with default node:sqlite settings', () => {
  it('after a real application wrote spans, logs, errors, a job and an alert', async () => {
    const dataDir = tempDir('vigil-read-all-');
    const app = startApp(resolve(import.meta.dirname, '../fixtures/e2e/every-table.mjs'), { VIGIL_DATA_DIR: dataDir });
    await app.waitFor(/DONE/);
    const path = join(dataDir, 'monitoring.db');
    const count = (sql: string): number => {
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        return Number((db.prepare(sql).get() as { n: number }).n);
      } finally {
        db.close();
      }
    };
    await eventually(() => count('SELECT COUNT(*) AS n FROM spans') > 0 && count('SELECT COUNT(*) AS n FROM messages') > 0);
    app.kill('SIGTERM');
    await app.exited;

    const db = new DatabaseSync(path, { readOnly: true }); // default settings: no readBigInts
    try {
      const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['spans', 'transactions', 'messages', 'metrics', 'errors', 'error_events', 'alerts', 'health_checks', 'progress']));
      for (const name of names) expect(() => db.prepare(`SELECT * FROM ${name}`).all(), name).not.toThrow();
      const tx = db.prepare('SELECT start_time_ns, end_time_ns, start_ms FROM transactions LIMIT 1').get() as { start_time_ns: string; end_time_ns: string; start_ms: number };
      // Exact nanoseconds, as text; the ms column agrees.
      expect(tx.start_time_ns).toMatch(/^\d{19}$/);
      expect(BigInt(tx.start_time_ns) / 1_000_000n).toBe(BigInt(tx.start_ms));
      const msg = db.prepare('SELECT time_ns, time_ms FROM messages LIMIT 1').get() as { time_ns: string; time_ms: number };
      expect(BigInt(msg.time_ns) / 1_000_000n).toBe(BigInt(msg.time_ms));
      for (const args of [['report', '--json'], ['export', '--out', '-'], ['errors', '--json'], ['alerts', '--json'], ['health', '--json']]) {
        const r = await vigil([...args, '--db', path]);
        expect(r.stderr, args.join(' ')).not.toMatch(/too large|BigInt|out of range/i);
        expect([0, 1], args.join(' ')).toContain(r.code);
        expect(() => r.json(), args.join(' ')).not.toThrow();
      }
    } finally {
      db.close();
    }
  });
});
