import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';

describe('migration 7', () => {
  it("finds a trace's error events through an index, not a scan", () => {
    const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'vigil-m7-')) });
    const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM error_events WHERE trace_id = ? ORDER BY time_ms').all('t') as { detail: string }[];
    store.close();
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX error_events_trace/);
  });
});
