import type { DatabaseSync } from 'node:sqlite';
import { errorCountsByBucket, errorEventsOf, errorGroup } from '../store/index.js';
import type { ErrorEventRecord } from '../store/index.js';
import type { ErrorGroup } from '../errors/types.js';
import { direction } from './stats.js';
import { bucketIndex } from './window.js';
import type { ErrorGroupSummary, ErrorSummary, WindowInfo } from './types.js';

/** Error groups with events in the window, busiest first, each with its events per bucket. */
export function errorSummary(db: DatabaseSync, w: WindowInfo, limit = 50): ErrorSummary {
  const series = w.buckets.map(() => 0);
  const trends = new Map<string, number[]>();
  let events = 0;
  for (const c of errorCountsByBucket(db, w)) {
    let t = trends.get(c.fingerprint);
    if (!t) trends.set(c.fingerprint, (t = w.buckets.map(() => 0)));
    t[c.bucket]! += c.count;
    series[c.bucket]! += c.count;
    events += c.count;
  }
  const byCount = [...trends.entries()].map(([fp, t]) => ({ fp, t, n: t.reduce((a, b) => a + b, 0) })).sort((a, b) => b.n - a.n).slice(0, limit);
  const groups: ErrorGroupSummary[] = byCount.map(({ fp, t, n }) => {
    const g = errorGroup(db, fp);
    const isNew = g !== undefined && bucketIndex(w, g.firstSeenMs) >= 0;
    return {
      fingerprint: fp,
      type: g?.type ?? null,
      message: g?.message ?? null,
      culprit: g?.culprit ?? null,
      level: g?.level ?? null,
      status: g?.status ?? 'unresolved',
      count: n,
      total: g?.count ?? n,
      users: g?.users ?? 0,
      firstSeenMs: g?.firstSeenMs ?? null,
      lastSeenMs: g?.lastSeenMs ?? null,
      isNew,
      trend: t,
      direction: direction(t, isNew),
    };
  });
  return { events, groups, series };
}

/** One group with its latest events, or undefined: /api/errors/:fingerprint and `vigil errors show`. */
export function errorGroupDetail(db: DatabaseSync, fingerprint: string, limit = 10): { group: ErrorGroup; events: ErrorEventRecord[] } | undefined {
  const group = errorGroup(db, fingerprint);
  return group ? { group, events: errorEventsOf(db, fingerprint, limit) } : undefined;
}
