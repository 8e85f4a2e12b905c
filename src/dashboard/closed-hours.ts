import type { DatabaseSync } from 'node:sqlite';
import { isRootOperation, slowestOf, slowSpans, spanRollups, spanRollupStamp } from '../store/index.js';
import type { RollupCell } from '../store/index.js';
import type { SlowOperation, WindowInfo } from './types.js';

const HOUR = 3_600_000;

/** What the summary reads of the rolled-up hours of a window. */
export interface ClosedHours {
  cells: RollupCell[];
  /** The slowest rolled-up hours, with their slowest span when raw spans are still kept. */
  slow: SlowOperation[];
  /** Whether an operation seen only in rollups is a request (its latest stored span was a local root). */
  isRoot(name: string): boolean;
}

interface Kept extends ClosedHours {
  key: string;
}

/** How often the rolled-up hours were read (tests, the bench). */
export const closedHoursStats = { reads: 0 };

/** Per connection and window length, the last answer and what it was computed from. */
const kept = new WeakMap<DatabaseSync, Map<number, Kept>>();

/**
 * The rolled-up hours [w.fromMs, rawFrom) as the summary needs them, kept
 * between refreshes while nothing they were read from changed: the rollup
 * rows (spanRollupStamp) and the raw spans outside the open hours (the
 * ledger's stamp: late spans, deletions). Without a stamp (windows the
 * ledger does not serve) everything is read again.
 */
export function closedHours(db: DatabaseSync, w: WindowInfo, rawFrom: number, slowMs: number, spanStamp: string | undefined): ClosedHours {
  if (rawFrom <= w.fromMs) return { cells: [], slow: [], isRoot: (name) => isRootOperation(db, name) ?? false };
  const length = w.buckets.length;
  const key = spanStamp === undefined ? undefined : `${w.fromMs}:${rawFrom}:${slowMs}:${spanStamp}:${spanRollupStamp(db, w.fromMs, rawFrom)}`;
  let mine = kept.get(db);
  const hit = key === undefined ? undefined : mine?.get(length);
  if (hit && hit.key === key) return hit;
  closedHoursStats.reads++;
  const cells = spanRollups(db, w.fromMs, rawFrom);
  const roots = new Map<string, boolean>();
  const fresh: Kept = {
    key: key ?? '',
    cells,
    slow: slowFromRollups(db, cells, slowMs),
    isRoot(name) {
      let r = roots.get(name);
      if (r === undefined) roots.set(name, (r = isRootOperation(db, name) ?? false));
      return r;
    },
  };
  if (key !== undefined) {
    if (!mine) kept.set(db, (mine = new Map()));
    mine.set(length, fresh);
  }
  return fresh;
}

function slowFromRollups(db: DatabaseSync, cells: RollupCell[], slowMs: number): SlowOperation[] {
  const slow = cells.filter((c) => c.max != null && c.max >= slowMs).sort((a, b) => b.max! - a.max!).slice(0, 10);
  return slow.map((c) => {
    const rowid = slowestOf(db, c.name, c.hourMs - 60_000, c.hourMs + HOUR);
    const found = rowid !== undefined ? slowSpans(db, [rowid])[0] : undefined;
    return found ?? { name: c.name, traceId: null, spanId: null, startMs: c.hourMs, durationMs: c.max!, flagged: false };
  });
}
