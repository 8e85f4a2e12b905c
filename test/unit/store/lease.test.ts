import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { takeLease } from '../../../src/store/lease.js';

describe('the maintenance lease', () => {
  it('one holder at a time across connections; it lapses by itself; the holder renews', () => {
    const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'vigil-lease-')) });
    const other = new DatabaseSync(store.path);
    const t = 1_000_000;
    expect(takeLease(store.db, 'maintenance', 'a', 300_000, t)).toBe(true);
    expect(takeLease(other, 'maintenance', 'b', 300_000, t + 1)).toBe(false);
    expect(takeLease(store.db, 'maintenance', 'a', 300_000, t + 200_000)).toBe(true); // renewed to t + 500 000
    expect(takeLease(other, 'maintenance', 'b', 300_000, t + 400_000)).toBe(false);
    // a died: once its lease has lapsed, b takes it.
    expect(takeLease(other, 'maintenance', 'b', 300_000, t + 500_000)).toBe(true);
    expect(takeLease(store.db, 'maintenance', 'a', 300_000, t + 500_001)).toBe(false);
    // Leases of other names are independent.
    expect(takeLease(store.db, 'other-job', 'a', 1000, t)).toBe(true);
    other.close();
    store.close();
  });
});
