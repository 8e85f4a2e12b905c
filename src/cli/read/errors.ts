import type { DatabaseSync } from 'node:sqlite';
import { rowToGroup } from '../../errors/writer.js';
import type { ErrorGroup } from '../../errors/types.js';
import { CliError, UsageError } from '../errors.js';
import { toErrorEvent } from '../../dashboard/index.js';
import type { ErrorEventDetail } from '../../dashboard/index.js';

export type StatusFilter = 'unresolved' | 'resolved' | 'ignored' | 'all';
export const STATUS_FILTERS: readonly StatusFilter[] = ['unresolved', 'resolved', 'ignored', 'all'];

export interface GroupRow extends ErrorGroup {
  /** Events in the requested window (the trend a list needs). */
  recent: number;
}

export function listGroups(db: DatabaseSync, opts: { status: StatusFilter; limit: number; sinceMs: number }): GroupRow[] {
  const where = opts.status === 'all' ? '' : 'WHERE status = ?';
  const args: Array<string | number> = [opts.sinceMs];
  if (opts.status !== 'all') args.push(opts.status);
  args.push(opts.limit);
  const rows = db
    .prepare(
      `SELECT errors.*, (SELECT COUNT(*) FROM error_events e WHERE e.fingerprint = errors.fingerprint AND e.time_ms >= ?) AS recent
       FROM errors ${where} ORDER BY last_seen_ms DESC LIMIT ?`,
    )
    .all(...args) as unknown as Array<Parameters<typeof rowToGroup>[0] & { recent: number }>;
  return rows.map((r) => ({ ...rowToGroup(r), recent: Number(r.recent) }));
}

/** A full fingerprint from a unique prefix (as git does with hashes). */
export function findFingerprint(db: DatabaseSync, prefix: string): string {
  return uniquePrefix(db, 'errors', 'fingerprint', prefix, 'error group');
}

export function uniquePrefix(db: DatabaseSync, table: string, column: string, prefix: string, what: string): string {
  if (!/^[A-Za-z0-9_.:-]+$/.test(prefix)) throw new UsageError(`${what} id must be letters, digits, '-', '_', '.' or ':' (got ${JSON.stringify(prefix)})`);
  const rows = db.prepare(`SELECT ${column} AS id FROM ${table} WHERE substr(${column}, 1, ?) = ? LIMIT 2`).all(prefix.length, prefix) as Array<{ id: string }>;
  if (rows.length === 0) throw new CliError(`no ${what} ${prefix}`);
  if (rows.length > 1 && rows[0]!.id !== prefix) throw new CliError(`${what} ${prefix} is ambiguous (${rows.map((r) => r.id).join(', ')}, ...): give more characters`);
  return rows[0]!.id;
}

/** An event as the dashboard reads it. */
export type EventRow = ErrorEventDetail;

export interface GroupDetail {
  group: ErrorGroup;
  latest: EventRow | null;
  events: Array<Pick<EventRow, 'id' | 'timeMs' | 'message' | 'traceId'>>;
}

export function showGroup(db: DatabaseSync, fingerprint: string, eventLimit = 10): GroupDetail {
  const row = db.prepare('SELECT * FROM errors WHERE fingerprint = ?').get(fingerprint) as unknown as Parameters<typeof rowToGroup>[0];
  const group = rowToGroup(row);
  const byId = group.lastEventId ? db.prepare('SELECT * FROM error_events WHERE id = ?').get(group.lastEventId) : undefined;
  const latest = byId ?? db.prepare('SELECT * FROM error_events WHERE fingerprint = ? ORDER BY time_ms DESC LIMIT 1').get(fingerprint);
  const events = db
    .prepare('SELECT id, time_ms, message, trace_id FROM error_events WHERE fingerprint = ? ORDER BY time_ms DESC LIMIT ?')
    .all(fingerprint, eventLimit)
    .map((r) => {
      const e = toErrorEvent(r);
      return { id: e.id, timeMs: e.timeMs, message: e.message, traceId: e.traceId };
    });
  return { group, latest: latest ? toErrorEvent(latest) : null, events };
}
