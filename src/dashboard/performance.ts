import type { DatabaseSync } from 'node:sqlite';
import { rawFromMs, slowSpans, spanPass } from '../store/index.js';
import type { RawService, RollupCell } from '../store/index.js';
import { closedHours } from './closed-hours.js';
import { addOperationItems } from './items.js';
import { EMPTY_PERCENTILES, percentilesOf, weightedPercentiles } from './stats.js';
import { bucketIndex, windowSeconds } from './window.js';
import type { OperationSummary, Percentiles, RequestSummary, SlowOperation, TrendPoint, WindowInfo } from './types.js';

export interface Performance {
  requests: RequestSummary;
  operations: OperationSummary[];
  slow: SlowOperation[];
  usedRollups: boolean;
  /** The raw part of the window (from `rawFrom`, the hours not rolled up yet): requests by service, for services side by side. */
  raw: { fromMs: number; services: Map<string, RawService> };
}

type Cell = Percentiles & { count: number; errors: number; max: number | null };

interface OpAcc {
  name: string;
  root: boolean;
  cells: Map<number, Cell>;
  /** Every raw duration, when the whole window is raw (exact percentiles). */
  all: number[] | undefined;
}


/**
 * Request and operation performance for the window. Short windows read raw
 * spans (exact). Hour-bucketed windows read the rollups for the hours they
 * cover and raw spans only for the tail not rolled up yet, which is what
 * keeps a 24 h or 7 d summary fast on a large file.
 */
export function performance(db: DatabaseSync, w: WindowInfo, slowMs: number): Performance {
  const rawFrom = rawFromMs(db, w);
  // Both kept per connection between refreshes: the open hours read incrementally, the rolled-up ones while unchanged.
  const raw = spanPass(db, w, rawFrom, slowMs);
  const closed = closedHours(db, w, rawFrom, slowMs, raw.stamp);
  const cells = closed.cells;
  const usedRollups = cells.length > 0;

  const ops = new Map<string, OpAcc>();
  for (const op of raw.operations.values()) {
    const acc: OpAcc = { name: op.name, root: op.roots * 2 >= op.total, cells: new Map(), all: usedRollups ? undefined : [] };
    for (const [b, ds] of op.durations) {
      if (acc.all) for (const d of ds) acc.all.push(d);
      const pct = percentilesOf(ds); // sorts ds
      acc.cells.set(b, { count: ds.length, errors: op.errors.get(b) ?? 0, max: ds[ds.length - 1] ?? null, ...pct });
    }
    ops.set(op.name, acc);
  }
  addRollups(w, cells, ops, closed.isRoot);

  const operations = [...ops.values()].map((o) => operationSummary(w, o)).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  addOperationItems(db, w, operations);
  const requests = requestSummary(w, ops, raw.rootDurations, raw.rootErrors, usedRollups);
  const slow = slowSpans(db, raw.slowRowids.map((s) => s.rowid));
  slow.push(...closed.slow);
  slow.sort((a, b) => b.durationMs - a.durationMs);
  return { requests, operations, slow: slow.slice(0, 20), usedRollups, raw: { fromMs: rawFrom, services: raw.services } };
}

function addRollups(w: WindowInfo, cells: RollupCell[], ops: Map<string, OpAcc>, isRoot: (name: string) => boolean): void {
  for (const c of cells) {
    let acc = ops.get(c.name);
    if (!acc) {
      acc = { name: c.name, root: isRoot(c.name), cells: new Map(), all: undefined };
      ops.set(c.name, acc);
    }
    const b = bucketIndex(w, c.hourMs);
    if (b >= 0) acc.cells.set(b, { count: c.count, errors: c.errors, max: c.max, p50: c.p50, p90: c.p90, p95: c.p95, p99: c.p99 });
  }
}

function operationSummary(w: WindowInfo, o: OpAcc): OperationSummary {
  const cells = [...o.cells.values()];
  const count = cells.reduce((n, c) => n + c.count, 0);
  const errors = cells.reduce((n, c) => n + c.errors, 0);
  let maxMs: number | null = null;
  for (const c of cells) if (c.max != null && (maxMs === null || c.max > maxMs)) maxMs = c.max;
  const pct = o.all && o.all.length > 0 ? percentilesOf(o.all) : weightedPercentiles(cells);
  return {
    name: o.name,
    root: o.root,
    count,
    errors,
    ratePerSec: count / windowSeconds(w),
    errorRate: count ? errors / count : 0,
    ...pct,
    maxMs,
    trend: w.buckets.map((_, i) => o.cells.get(i)?.count ?? 0),
    p95Trend: w.buckets.map((_, i) => o.cells.get(i)?.p95 ?? null),
  };
}

function requestSummary(w: WindowInfo, ops: Map<string, OpAcc>, rootDurations: Map<number, number[]>, rootErrors: Map<number, number>, usedRollups: boolean): RequestSummary {
  const roots = [...ops.values()].filter((o) => o.root);
  const all: number[] = [];
  const series: TrendPoint[] = w.buckets.map((t, i) => {
    const ds = rootDurations.get(i);
    if (ds && ds.length > 0) {
      if (!usedRollups) for (const d of ds) all.push(d);
      const p = percentilesOf(ds); // the pass's arrays may be sorted in place
      return { t, count: ds.length, errors: rootErrors.get(i) ?? 0, p50: p.p50, p95: p.p95, p99: p.p99 };
    }
    const cs = roots.map((o) => o.cells.get(i)).filter((c): c is Cell => c !== undefined);
    const p = cs.length ? weightedPercentiles(cs) : EMPTY_PERCENTILES;
    return { t, count: cs.reduce((n, c) => n + c.count, 0), errors: cs.reduce((n, c) => n + c.errors, 0), p50: p.p50, p95: p.p95, p99: p.p99 };
  });
  const count = series.reduce((n, s) => n + s.count, 0);
  const errors = series.reduce((n, s) => n + s.errors, 0);
  const pct = !usedRollups ? (all.length ? percentilesOf(all) : { ...EMPTY_PERCENTILES }) : weightedPercentiles(roots.flatMap((o) => [...o.cells.values()]));
  return { count, errors, ratePerSec: count / windowSeconds(w), errorRate: count ? errors / count : 0, ...pct, series };
}
