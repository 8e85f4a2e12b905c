import type { DatabaseSync } from 'node:sqlite';
import { errorEvent, errorEventsOf, errorGroup, idsWithPrefix } from '../../store/index.js';
import type { ErrorEventRecord, GroupStatusFilter } from '../../store/index.js';
import type { ErrorGroup } from '../../errors/types.js';
import { CliError, UsageError } from '../errors.js';

export type StatusFilter = GroupStatusFilter;
export const STATUS_FILTERS: readonly StatusFilter[] = ['unresolved', 'resolved', 'ignored', 'all'];

/** A full id from a unique prefix (as git does with hashes). */
export function uniquePrefix(db: DatabaseSync, table: 'errors' | 'crash_reports' | 'silences', prefix: string, what: string): string {
  if (!/^[A-Za-z0-9_.:-]+$/.test(prefix)) throw new UsageError(`${what} id must be letters, digits, '-', '_', '.' or ':' (got ${JSON.stringify(prefix)})`);
  const ids = idsWithPrefix(db, table, prefix);
  if (ids.length === 0) throw new CliError(`no ${what} ${prefix}`);
  if (ids.length > 1 && ids[0] !== prefix) throw new CliError(`${what} ${prefix} is ambiguous (${ids.join(', ')}, ...): give more characters`);
  return ids[0]!;
}

export function findFingerprint(db: DatabaseSync, prefix: string): string {
  return uniquePrefix(db, 'errors', prefix, 'error group');
}

export interface GroupDetail {
  group: ErrorGroup;
  latest: ErrorEventRecord | null;
  events: Array<Pick<ErrorEventRecord, 'id' | 'timeMs' | 'message' | 'traceId'>>;
}

/** `vigil errors show`: the group, its latest event in full, and its recent events. */
export function showGroup(db: DatabaseSync, fingerprint: string, eventLimit = 10): GroupDetail {
  const group = errorGroup(db, fingerprint);
  if (!group) throw new CliError(`no error group ${fingerprint}`);
  const events = errorEventsOf(db, fingerprint, eventLimit);
  const latest = (group.lastEventId ? errorEvent(db, group.lastEventId) : undefined) ?? events[0] ?? null;
  return { group, latest, events: events.map((e) => ({ id: e.id, timeMs: e.timeMs, message: e.message, traceId: e.traceId })) };
}
