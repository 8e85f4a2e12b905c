import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openStore } from '../../../src/store/open.js';
import type { Store } from '../../../src/store/types.js';

/** A fresh temp dir per test; returned remover for afterEach. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a store in a fresh temp dir, collecting problem lines instead of printing them. */
export function freshStore(): { store: Store; dir: string; lines: string[]; dispose: () => void } {
  const { dir, remove } = tempDir();
  const lines: string[] = [];
  const store = openStore({ dataDir: dir, onProblem: (l) => lines.push(l) });
  if (!store) throw new Error(`store did not open: ${lines.join('; ')}`);
  return {
    store,
    dir,
    lines,
    dispose: () => {
      store.close();
      remove();
    },
  };
}

let seq = 0;
/** Inserts a span row directly (the exporter has its own tests). */
export function insertSpan(db: DatabaseSync, s: { name: string; startMs: number; durationMs: number; error?: boolean; root?: boolean; traceId?: string }): string {
  const id = (++seq).toString(16).padStart(16, '0');
  db.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, attributes, remote_parent)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, '{}', 0)`,
  ).run(s.traceId ?? 't'.repeat(32), id, s.root === false ? 'p'.repeat(16) : null, s.name, s.startMs, s.startMs + Math.round(s.durationMs), s.durationMs, s.error ? 2 : 0);
  return id;
}

export function insertMetric(db: DatabaseSync, m: { name: string; timeMs: number; type?: string; value?: number; buckets?: string; count?: number; sum?: number; min?: number; max?: number; attributes?: string }): void {
  db.prepare(
    `INSERT INTO metrics (time_ms, name, type, attributes, value, count, sum, min, max, buckets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.timeMs, m.name, m.type ?? 'gauge', m.attributes ?? '{}', m.value ?? null, m.count ?? null, m.sum ?? null, m.min ?? null, m.max ?? null, m.buckets ?? null);
}

export function insertMessage(db: DatabaseSync, timeMs: number): void {
  db.prepare(`INSERT INTO messages (time_ns, time_ms, severity_number, body, attributes) VALUES (?, ?, 9, 'hello', '{}')`).run(
    `${timeMs}000000`,
    timeMs,
  );
}

export function count(db: DatabaseSync, table: string): number {
  return Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
}

/**
 * What a 30-day retention pass finds: 20 spans 40 days old (rolled up as
 * `span:old`, then expired), 7 messages 31 days old, and one span 3 h old.
 */
export function seedExpired(db: DatabaseSync, now: number): void {
  const DAY = 86_400_000;
  for (let i = 0; i < 20; i++) insertSpan(db, { name: 'old', startMs: now - 40 * DAY + i, durationMs: 3 });
  for (let i = 0; i < 7; i++) insertMessage(db, now - 31 * DAY);
  insertSpan(db, { name: 'recent', startMs: now - 3 * 3_600_000, durationMs: 3 });
}
