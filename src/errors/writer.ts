import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MAX_CONTEXT_CHARS, truncateText } from './safe-json.js';
import type { ErrorEvent, ErrorGroup, GroupEventKind, GroupStatus } from './types.js';

interface Statements {
  selectGroup: StatementSync;
  insertGroup: StatementSync;
  updateGroup: StatementSync;
  insertUser: StatementSync;
  bumpUsers: StatementSync;
  insertEvent: StatementSync;
  setStatus: StatementSync;
}

// Prepared once per handle: the store may reopen its database.
const cache = new WeakMap<DatabaseSync, Statements>();

function statements(db: DatabaseSync): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    selectGroup: db.prepare('SELECT * FROM errors WHERE fingerprint = ?'),
    insertGroup: db.prepare(
      `INSERT INTO errors (fingerprint, type, message, culprit, level, status, count, users, first_seen_ms, last_seen_ms, last_event_id)
       VALUES (?, ?, ?, ?, ?, 'unresolved', 1, 0, ?, ?, ?)`,
    ),
    updateGroup: db.prepare(
      `UPDATE errors SET count = count + 1, last_seen_ms = MAX(COALESCE(last_seen_ms, 0), ?), level = ?,
         culprit = COALESCE(?, culprit), last_event_id = ?, status = ?, regressed_ms = ?
       WHERE fingerprint = ?`,
    ),
    insertUser: db.prepare('INSERT OR IGNORE INTO error_users (fingerprint, user_hash) VALUES (?, ?)'),
    bumpUsers: db.prepare('UPDATE errors SET users = users + 1 WHERE fingerprint = ?'),
    insertEvent: db.prepare(
      `INSERT OR IGNORE INTO error_events (id, fingerprint, time_ms, type, message, level, trace_id, span_id, user_hash, tags, context, breadcrumbs, stack)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setStatus: db.prepare('UPDATE errors SET status = ?, resolved_ms = CASE WHEN ? = \'resolved\' THEN ? ELSE resolved_ms END WHERE fingerprint = ?'),
  };
  cache.set(db, s);
  return s;
}

export interface GroupNotice {
  kind: GroupEventKind;
  group: ErrorGroup;
}

/**
 * Writes redacted events in one transaction and says, per event, whether its
 * group is new, regressed or just counted. Ignored groups count but produce
 * no notice. Throws on SQL failure (after rolling back); the caller decides.
 */
export function writeEvents(db: DatabaseSync, events: readonly ErrorEvent[], wantGroups: boolean): GroupNotice[] {
  const st = statements(db);
  const notices: GroupNotice[] = [];
  // Savepoints nest inside a transaction another writer on this handle may hold.
  const nested = db.isTransaction;
  db.exec(nested ? 'SAVEPOINT vigil_errors' : 'BEGIN');
  try {
    for (const e of events) {
      const kind = upsertGroup(st, e);
      if (e.userHash && st.insertUser.run(e.fingerprint, e.userHash).changes > 0) st.bumpUsers.run(e.fingerprint);
      st.insertEvent.run(
        e.id, e.fingerprint, e.timeMs, e.type, e.message, e.level, e.traceId ?? null, e.spanId ?? null,
        e.userHash ?? null, JSON.stringify(e.tags), contextJson(e.context), JSON.stringify(e.breadcrumbs), stackJson(e),
      );
      if (kind && wantGroups) notices.push({ kind, group: rowToGroup(st.selectGroup.get(e.fingerprint) as unknown as Row) });
    }
    db.exec(nested ? 'RELEASE vigil_errors' : 'COMMIT');
  } catch (err) {
    try {
      db.exec(nested ? 'ROLLBACK TO vigil_errors; RELEASE vigil_errors' : 'ROLLBACK');
    } catch {
      // The transaction may already be gone (e.g. the database closed).
    }
    throw err;
  }
  return notices;
}

/** Returns the notice kind, or undefined for an ignored group. */
function upsertGroup(st: Statements, e: ErrorEvent): GroupEventKind | undefined {
  const row = st.selectGroup.get(e.fingerprint) as unknown as Row | undefined;
  if (!row) {
    st.insertGroup.run(e.fingerprint, e.type, e.message, e.culprit ?? null, e.level, e.timeMs, e.timeMs, e.id);
    return 'new';
  }
  let status = row.status as GroupStatus;
  let regressed = row.regressed_ms;
  let kind: GroupEventKind | undefined = status === 'ignored' ? undefined : 'event';
  // Only an occurrence after the resolution is a regression; a late write of an older one is not.
  if (status === 'resolved' && e.timeMs > (row.resolved_ms ?? 0)) {
    status = 'unresolved';
    regressed = e.timeMs;
    kind = 'regression';
  }
  st.updateGroup.run(e.timeMs, e.level, e.culprit ?? null, e.id, status, regressed, e.fingerprint);
  return kind;
}

export function setGroupStatus(db: DatabaseSync, fingerprint: string, status: GroupStatus, nowMs: number): boolean {
  return statements(db).setStatus.run(status, status, nowMs, fingerprint).changes > 0;
}

function contextJson(context: unknown): string | null {
  if (context === undefined) return null;
  const s = JSON.stringify(context);
  // The snapshot's budget is approximate (escapes); this is the hard bound, still valid JSON.
  return s.length <= MAX_CONTEXT_CHARS * 1.25 ? s : JSON.stringify(truncateText(s, MAX_CONTEXT_CHARS));
}

function stackJson(e: ErrorEvent): string {
  return JSON.stringify({ raw: e.raw, frames: e.frames, causes: e.causes });
}

interface Row {
  fingerprint: string;
  type: string;
  message: string;
  culprit: string | null;
  level: string;
  status: string;
  count: number;
  users: number;
  first_seen_ms: number;
  last_seen_ms: number;
  resolved_ms: number | null;
  regressed_ms: number | null;
  last_event_id: string | null;
}

export function rowToGroup(r: Row): ErrorGroup {
  return {
    fingerprint: r.fingerprint,
    type: r.type,
    message: r.message,
    culprit: r.culprit,
    level: r.level,
    status: r.status as GroupStatus,
    count: Number(r.count),
    users: Number(r.users),
    firstSeenMs: Number(r.first_seen_ms),
    lastSeenMs: Number(r.last_seen_ms),
    resolvedMs: r.resolved_ms === null ? null : Number(r.resolved_ms),
    regressedMs: r.regressed_ms === null ? null : Number(r.regressed_ms),
    lastEventId: r.last_event_id,
  };
}
