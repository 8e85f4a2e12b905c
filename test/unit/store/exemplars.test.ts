import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { exemplars } from '../../../src/store/index.js';
import { freshStore } from './helpers.js';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

let n = 0;
const tid = (i: number) => i.toString(16).padStart(32, '0');
function span(db: DatabaseSync, s: { trace: number; startMs: number; durationMs: number; name?: string; failed?: boolean; child?: boolean }): void {
  db.prepare(
    `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, duration_ms, status_code, attributes, remote_parent)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, '{}', 0)`,
  ).run(tid(s.trace), (++n).toString(16).padStart(16, '0'), s.child ? 'f'.repeat(16) : null, s.name ?? 'GET /a', s.startMs, s.startMs + s.durationMs, s.durationMs, s.failed ? 2 : 0);
}

describe('exemplars of a time bucket', () => {
  it('names the requests at p50, p95, p99, the slowest and the newest failed, from that bucket only', () => {
    const f = freshStore();
    dispose = f.dispose;
    const db = f.store.db;
    const T = 1_700_000_040_000;
    // 100 requests of 1..100 ms in the bucket: trace i took i ms.
    for (let i = 1; i <= 100; i++) span(db, { trace: i, startMs: T + i * 100, durationMs: i, failed: i === 40 || i === 7 });
    span(db, { trace: 500, startMs: T - 1, durationMs: 9000 }); // the bucket before
    span(db, { trace: 501, startMs: T + 5, durationMs: 8000, child: true }); // not a request
    span(db, { trace: 502, startMs: T + 5, durationMs: 7000, name: 'GET /b' });
    const got = exemplars(db, { fromMs: T, toMs: T + 60_000, operation: 'GET /a' });
    const by = Object.fromEntries(got.map((x) => [x.label, x]));
    expect(Object.keys(by)).toEqual(['p50', 'p95', 'p99', 'max', 'failed']);
    expect(by.p50!.durationMs).toBe(51); // nearest rank of 100: round(0.5 × 99) = 50th index
    expect(by.p95!.traceId).toBe(tid(95));
    expect(by.p99!.traceId).toBe(tid(99));
    expect(by.max!.traceId).toBe(tid(100));
    expect(by.failed).toMatchObject({ traceId: tid(40), failed: true });
    // Without an operation, every request of the bucket: GET /b's 7 s is the slowest.
    expect(exemplars(db, { fromMs: T, toMs: T + 60_000 }).find((x) => x.label === 'max')!.traceId).toBe(tid(502));
    expect(exemplars(db, { fromMs: T + 60_000, toMs: T + 120_000 })).toEqual([]);
  });
});
