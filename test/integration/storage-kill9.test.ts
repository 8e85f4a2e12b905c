import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, eventually, startApp, tempDir } from '../helpers/child.js';

// kill -9 while spans are being written: the file stays intact and every
// span a reader saw committed before the kill is still there afterwards.
const spanIds = (db: DatabaseSync): string[] => (db.prepare('SELECT span_id FROM spans').all() as { span_id: string }[]).map((r) => r.span_id);

describe('kill -9 during load', () => {
  it('leaves an intact file holding every span committed before the kill', async () => {
    const data = tempDir();
    const path = resolve(data, 'monitoring.db');
    // 2,000 spans/s, exported every 100 ms in batches of up to 512.
    const app = startApp(resolve(ROOT, 'test/fixtures/storage/ticker.mjs'), { VIGIL_DATA_DIR: data, SPANS_PER_TICK: '10' });
    await app.waitFor(/TICKING/);
    await eventually(() => existsSync(path) || undefined);

    // A reader beside the writer, as the dashboard would be.
    const reader = new DatabaseSync(path, { readOnly: true });
    reader.exec('PRAGMA busy_timeout = 5000');
    let committed: string[] = [];
    await eventually(() => {
      committed = spanIds(reader);
      return committed.length > 3000 || undefined;
    }, 20_000);
    // Read once more and kill in the same turn: writes keep going right up to the signal.
    committed = spanIds(reader);
    app.kill('SIGKILL');
    const { signal } = await app.exited;
    reader.close();
    expect(signal).toBe('SIGKILL');

    // The next process opens it read-write (WAL recovery), as the restarted app would.
    const db = new DatabaseSync(path);
    let survived = 0;
    try {
      expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      const after = new Set(spanIds(db));
      const missing = committed.filter((id) => !after.has(id));
      expect(missing).toEqual([]);
      expect(after.size).toBeGreaterThanOrEqual(committed.length);
      survived = after.size;
      // Every row is whole: the JSON parses and the times are there.
      const bad = db.prepare(`SELECT COUNT(*) AS n FROM spans WHERE json_valid(attributes) = 0 OR start_ms IS NULL OR end_ms IS NULL OR name IS NULL`).get() as { n: number };
      expect(Number(bad.n)).toBe(0);
    } finally {
      db.close();
    }

    // And the product itself carries on with the file: a new process appends to it without a fault line.
    const again = startApp(resolve(ROOT, 'test/fixtures/storage/ticker.mjs'), { VIGIL_DATA_DIR: data, SPANS_PER_TICK: '1' });
    try {
      await again.waitFor(/TICKING/);
      await eventually(() => {
        const check = new DatabaseSync(path, { readOnly: true });
        try {
          return spanIds(check).length > survived + 50 || undefined;
        } finally {
          check.close();
        }
      });
      expect(again.stderr()).not.toMatch(/monitoring\.db/);
    } finally {
      again.kill('SIGKILL');
    }
  });
});
