import type { DatabaseSync } from 'node:sqlite';
import { rowToGroup } from '../../errors/writer.js';
import type { ErrorGroup } from '../../errors/types.js';
import { parseJson } from './json.js';
import type { BucketedWindow } from './types.js';

export type GroupStatusFilter = 'unresolved' | 'resolved' | 'ignored' | 'all';

export interface ErrorGroupRecord extends ErrorGroup {
  /** Events since `sinceMs` (the trend a list needs). */
  recent: number;
}

/** An `error_events` row with its JSON columns parsed (already redacted when stored). */
export interface ErrorEventRecord {
  id: string;
  fingerprint: string | null;
  timeMs: number;
  type: string | null;
  message: string | null;
  level: string | null;
  traceId: string | null;
  spanId: string | null;
  userHash: string | null;
  tags: unknown;
  context: unknown;
  breadcrumbs: unknown;
  stack: unknown;
}

type GroupRow = Parameters<typeof rowToGroup>[0];

const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = (v: unknown): unknown => (typeof v === 'string' ? parseJson<unknown>(v, v) : null);

function toEvent(r: Record<string, unknown>): ErrorEventRecord {
  return {
    id: String(r['id']),
    fingerprint: s(r['fingerprint']),
    timeMs: Number(r['time_ms']),
    type: s(r['type']),
    message: s(r['message']),
    level: s(r['level']),
    traceId: s(r['trace_id']),
    spanId: s(r['span_id']),
    userHash: s(r['user_hash']),
    tags: json(r['tags']),
    context: json(r['context']),
    breadcrumbs: json(r['breadcrumbs']),
    stack: json(r['stack']),
  };
}

/** One error group, or undefined. */
export function errorGroup(db: DatabaseSync, fingerprint: string): ErrorGroup | undefined {
  const r = db.prepare('SELECT * FROM errors WHERE fingerprint = ?').get(fingerprint) as unknown as GroupRow | undefined;
  return r ? rowToGroup(r) : undefined;
}

/** Error groups by status (default every one), most recently seen first, each with its events since `sinceMs`. */
export function errorGroups(db: DatabaseSync, opts: { status?: GroupStatusFilter; limit: number; sinceMs?: number }): ErrorGroupRecord[] {
  const byStatus = opts.status !== undefined && opts.status !== 'all';
  const rows = db
    .prepare(
      `SELECT errors.*, (SELECT COUNT(*) FROM error_events e WHERE e.fingerprint = errors.fingerprint AND e.time_ms >= ?) AS recent
       FROM errors ${byStatus ? 'WHERE status = ?' : ''} ORDER BY last_seen_ms DESC LIMIT ?`,
    )
    .all(opts.sinceMs ?? 0, ...(byStatus ? [opts.status!] : []), opts.limit) as unknown as Array<GroupRow & { recent: number }>;
  return rows.map((r) => ({ ...rowToGroup(r), recent: Number(r.recent) }));
}

/** The latest events of one group, newest first. */
export function errorEventsOf(db: DatabaseSync, fingerprint: string, limit: number): ErrorEventRecord[] {
  return db.prepare('SELECT * FROM error_events WHERE fingerprint = ? ORDER BY time_ms DESC, id DESC LIMIT ?').all(fingerprint, limit).map(toEvent);
}

/** One event by id, or undefined. */
export function errorEvent(db: DatabaseSync, id: string): ErrorEventRecord | undefined {
  const r = db.prepare('SELECT * FROM error_events WHERE id = ?').get(id);
  return r ? toEvent(r) : undefined;
}

/** Error events per group and bucket of the window: (fingerprint, bucket index, count). */
export function errorCountsByBucket(db: DatabaseSync, w: BucketedWindow): Array<{ fingerprint: string; bucket: number; count: number }> {
  const rows = db
    .prepare(
      `SELECT fingerprint AS fp, CAST((time_ms - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM error_events
       WHERE time_ms >= ? AND time_ms < ? GROUP BY fingerprint, b`,
    )
    .all(w.fromMs, w.bucketMs, w.fromMs, w.toMs) as unknown as Array<{ fp: string; b: number; n: number }>;
  const last = Math.max(0, Math.ceil((w.toMs - w.fromMs) / w.bucketMs) - 1);
  return rows.map((r) => ({ fingerprint: r.fp, bucket: Math.min(Number(r.b), last), count: Number(r.n) }));
}
