import type { DatabaseSync } from 'node:sqlite';
import { direction } from './stats.js';
import { bucketIndex } from './window.js';
import type { ErrorGroupSummary, ErrorSummary, WindowInfo } from './types.js';

interface GroupRow {
  fingerprint: string;
  type: string | null;
  message: string | null;
  culprit: string | null;
  level: string | null;
  status: string;
  count: number;
  users: number;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
}

/** Error groups with events in the window, busiest first, each with its events per bucket. */
export function errorSummary(db: DatabaseSync, w: WindowInfo, limit = 50): ErrorSummary {
  const cells = db
    .prepare(
      `SELECT fingerprint AS fp, CAST((time_ms - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM error_events
       WHERE time_ms >= ? AND time_ms < ? GROUP BY fingerprint, b`,
    )
    .all(w.fromMs, w.bucketMs, w.fromMs, w.toMs) as unknown as Array<{ fp: string; b: number; n: number }>;
  const series = w.buckets.map(() => 0);
  const trends = new Map<string, number[]>();
  let events = 0;
  for (const c of cells) {
    const b = Math.min(c.b, w.buckets.length - 1);
    const n = Number(c.n);
    let t = trends.get(c.fp);
    if (!t) trends.set(c.fp, (t = w.buckets.map(() => 0)));
    t[b]! += n;
    series[b]! += n;
    events += n;
  }
  const byCount = [...trends.entries()].map(([fp, t]) => ({ fp, t, n: t.reduce((a, b) => a + b, 0) })).sort((a, b) => b.n - a.n).slice(0, limit);
  const stmt = db.prepare('SELECT fingerprint, type, message, culprit, level, status, count, users, first_seen_ms, last_seen_ms FROM errors WHERE fingerprint = ?');
  const groups: ErrorGroupSummary[] = byCount.map(({ fp, t, n }) => {
    const g = stmt.get(fp) as unknown as GroupRow | undefined;
    const isNew = g?.first_seen_ms != null && bucketIndex(w, g.first_seen_ms) >= 0;
    return {
      fingerprint: fp,
      type: g?.type ?? null,
      message: g?.message ?? null,
      culprit: g?.culprit ?? null,
      level: g?.level ?? null,
      status: g?.status ?? 'unresolved',
      count: n,
      total: Number(g?.count ?? n),
      users: Number(g?.users ?? 0),
      firstSeenMs: g?.first_seen_ms ?? null,
      lastSeenMs: g?.last_seen_ms ?? null,
      isNew,
      trend: t,
      direction: direction(t, isNew),
    };
  });
  return { events, groups, series };
}

export interface ErrorEventDetail {
  id: string;
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

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One group with its latest events (already redacted when they were stored), or undefined. */
export function errorGroupDetail(db: DatabaseSync, fingerprint: string, limit = 10): { group: Record<string, unknown>; events: ErrorEventDetail[] } | undefined {
  const group = db.prepare('SELECT * FROM errors WHERE fingerprint = ?').get(fingerprint) as Record<string, unknown> | undefined;
  if (!group) return undefined;
  const rows = db
    .prepare('SELECT * FROM error_events WHERE fingerprint = ? ORDER BY time_ms DESC LIMIT ?')
    .all(fingerprint, limit) as unknown as Array<Record<string, unknown>>;
  return { group, events: rows.map(toErrorEvent) };
}

/** An `error_events` row with its JSON columns parsed (shared by the dashboard and the CLI). */
export function toErrorEvent(r: Record<string, unknown>): ErrorEventDetail {
  const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r['id']),
    timeMs: Number(r['time_ms']),
    type: s(r['type']),
    message: s(r['message']),
    level: s(r['level']),
    traceId: s(r['trace_id']),
    spanId: s(r['span_id']),
    userHash: s(r['user_hash']),
    tags: parse(r['tags']),
    context: parse(r['context']),
    breadcrumbs: parse(r['breadcrumbs']),
    stack: parse(r['stack']),
  };
}

/** Every group (not only the window's), most recent first: for /api/errors?all. */
export function listErrorGroups(db: DatabaseSync, limit = 200): Array<Record<string, unknown>> {
  return db.prepare('SELECT * FROM errors ORDER BY last_seen_ms DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>;
}
