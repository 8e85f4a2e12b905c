import type { DatabaseSync } from 'node:sqlite';
import { canonical, mergeSorted, PASS_COLUMNS, rawPass, SLOW_KEEP, trimSlow } from './span-pass.js';
import type { PassRow, RawOperation, RawPass } from './span-pass.js';
import type { BucketedWindow } from './types.js';

/** Durations in ascending order plus those added since the last view, unsorted. */
interface Durations {
  sorted: number[];
  fresh: number[];
}

interface OpBucket {
  roots: number;
  total: number;
  durations: Durations;
  errors: number;
}

/** What the summary needs of the raw spans started in one bucket of the window. */
interface BucketAgg {
  ops: Map<string, OpBucket>;
  /** Requests by service. */
  services: Map<string, { durations: Durations; errors: number }>;
  rootDurations: Durations;
  rootErrors: number;
  /** The bucket's slowest candidates (at most SLOW_KEEP after a trim): top lists merge exactly. */
  slow: Array<{ rowid: number; d: number }>;
  minT: number;
}

/**
 * The raw spans of [fromMs, …) a connection has read, per bucket, kept
 * between refreshes: each refresh reads only the rows added since (rowid >
 * hi), wherever their start time falls, so late spans of a closed hour and
 * other processes' writes count too.
 */
interface Ledger {
  /** The bucket: an hour for 24 h and 7 d, a minute for 1 h. */
  size: number;
  slowMs: number;
  fromMs: number;
  /** Rows starting at or after this wait in `pending` (spans from a clock ahead of ours). */
  toMs: number;
  hi: number;
  /** The row at `hi` as read: a file rewritten under us (VACUUM renumbers rowids, a migration rebuilds the table) no longer has it. */
  sentinel: { spanId: string | null; t: number } | undefined;
  buckets: Map<number, BucketAgg>;
  pending: PassRow[];
  /** Build number; rows read since that started before fromMs (late spans of rolled-up hours); the oldest stored start time. */
  build: number;
  lateBefore: number;
  oldest: number | null;
}

/** Counters for tests and the bench: how much the ledger read. */
export const ledgerStats = { builds: 0, rowsRead: 0 };

/** Per connection, one ledger per bucket size and window length (a 24 h and a 7 d page open side by side do not rebuild each other's). */
const ledgers = new WeakMap<DatabaseSync, Map<string, Ledger>>();

/**
 * The pass over raw spans the summary needs (see rawPass), kept per
 * connection and brought up to date incrementally: the same answer as
 * rawPass, computed from the rows added since the previous call. Rebuilt
 * from the file when it cannot be brought up to date exactly: another
 * slow threshold, a window reaching further back or ending earlier than
 * the previous call's, raw rows deleted below what it holds (retention, the
 * size cap: both delete the oldest start times), or the file rewritten.
 * Windows not cut in aligned buckets read rawPass directly.
 */
export function spanPass(db: DatabaseSync, w: BucketedWindow, fromMs: number, slowMs: number): RawPass {
  const size = w.bucketMs;
  if (!(size >= 1000) || w.fromMs % size !== 0 || fromMs % size !== 0 || fromMs < w.fromMs) return rawPass(db, w, fromMs, slowMs);
  let mine = ledgers.get(db);
  if (!mine) ledgers.set(db, (mine = new Map()));
  const key = `${size}:${Math.ceil((w.toMs - w.fromMs) / size)}`;
  let l = mine.get(key);
  if (!l || l.size !== size || l.slowMs !== slowMs || fromMs < l.fromMs || w.toMs < l.toMs || !intact(db, l)) {
    l = build(db, size, fromMs, w.toMs, slowMs);
    mine.set(key, l);
  } else {
    advance(l, fromMs, w.toMs);
    tail(db, l);
  }
  // Equal stamps: no span was added before fromMs or ahead of the clock, and none was deleted, since the
  // last call. Caches of what the summary reads from rolled-up hours (their slowest spans) key on it.
  return { ...view(l, w, fromMs), stamp: `${l.build}:${l.lateBefore}:${l.pending.length}:${l.oldest}` };
}

function build(db: DatabaseSync, size: number, fromMs: number, toMs: number, slowMs: number): Ledger {
  ledgerStats.builds++;
  const top = db.prepare('SELECT MAX(rowid) AS hi FROM spans').get() as { hi: number | null };
  const l: Ledger = { size, slowMs, fromMs, toMs, hi: Number(top.hi ?? 0), sentinel: undefined, buckets: new Map(), pending: [], build: ledgerStats.builds, lateBefore: 0, oldest: oldest(db) };
  // The start-time index serves this; rows above hi are the tail's (a rowid condition here would make SQLite walk the table).
  const rows = db.prepare(`SELECT ${PASS_COLUMNS} FROM spans WHERE start_ms >= ?`).all(slowMs, fromMs) as unknown as PassRow[];
  ledgerStats.rowsRead += rows.length;
  for (const r of rows) if (r.rowid <= l.hi) add(l, r);
  l.sentinel = sentinelAt(db, l.hi);
  tail(db, l); // rows written between the two statements
  return l;
}

function tail(db: DatabaseSync, l: Ledger): void {
  const rows = db.prepare(`SELECT ${PASS_COLUMNS} FROM spans WHERE rowid > ? ORDER BY rowid`).all(l.slowMs, l.hi) as unknown as PassRow[];
  if (rows.length > 0) {
    ledgerStats.rowsRead += rows.length;
    for (const r of rows) {
      if (r.t < l.fromMs) l.lateBefore++;
      else add(l, r);
    }
    l.hi = rows[rows.length - 1]!.rowid;
    l.sentinel = sentinelAt(db, l.hi);
  }
}

/** The window moved on: buckets now before fromMs go (rollups or nothing answer for them), waiting rows now before toMs count. */
function advance(l: Ledger, fromMs: number, toMs: number): void {
  for (const h of l.buckets.keys()) if (h < fromMs) l.buckets.delete(h);
  l.fromMs = fromMs;
  l.toMs = toMs;
  const waiting = l.pending;
  l.pending = [];
  for (const r of waiting) add(l, r);
}

function intact(db: DatabaseSync, l: Ledger): boolean {
  const s = sentinelAt(db, l.hi);
  if (l.hi > 0 && (!s || !l.sentinel || s.spanId !== l.sentinel.spanId || s.t !== l.sentinel.t)) return false;
  let held = Infinity;
  for (const h of l.buckets.values()) held = Math.min(held, h.minT);
  for (const r of l.pending) held = Math.min(held, r.t);
  l.oldest = oldest(db);
  // Retention and the size cap delete the oldest start times: a held row older than every stored one was deleted.
  return held === Infinity || (l.oldest != null && l.oldest <= held);
}

function oldest(db: DatabaseSync): number | null {
  const r = db.prepare('SELECT MIN(start_ms) AS t FROM spans').get() as { t: number | null };
  return r.t == null ? null : Number(r.t);
}

function sentinelAt(db: DatabaseSync, rowid: number): Ledger['sentinel'] {
  if (rowid <= 0) return undefined;
  const r = db.prepare('SELECT span_id, start_ms FROM spans WHERE rowid = ?').get(rowid) as { span_id: string | null; start_ms: number } | undefined;
  return r ? { spanId: r.span_id, t: Number(r.start_ms) } : undefined;
}

function add(l: Ledger, r: PassRow): void {
  if (r.d == null || r.t < l.fromMs) return;
  if (r.t >= l.toMs) {
    l.pending.push(r);
    return;
  }
  const bucketMs = Math.floor(r.t / l.size) * l.size;
  let h = l.buckets.get(bucketMs);
  if (!h) {
    h = { ops: new Map(), services: new Map(), rootDurations: { sorted: [], fresh: [] }, rootErrors: 0, slow: [], minT: r.t };
    l.buckets.set(bucketMs, h);
  }
  if (r.t < h.minT) h.minT = r.t;
  let op = h.ops.get(r.name);
  if (!op) {
    op = { roots: 0, total: 0, durations: { sorted: [], fresh: [] }, errors: 0 };
    h.ops.set(r.name, op);
  }
  op.total++;
  op.durations.fresh.push(r.d);
  const error = r.s === 2;
  if (error) op.errors++;
  if (r.root) {
    op.roots++;
    h.rootDurations.fresh.push(r.d);
    if (error) h.rootErrors++;
    let svc = h.services.get(r.svc);
    if (!svc) h.services.set(r.svc, (svc = { durations: { sorted: [], fresh: [] }, errors: 0 }));
    svc.durations.fresh.push(r.d);
    if (error) svc.errors++;
  }
  if (r.slow) {
    h.slow.push({ rowid: r.rowid, d: r.d });
    if (h.slow.length > SLOW_KEEP * 10) trimSlow(h.slow);
  }
}

/** The ledger's buckets in [fromMs, w.toMs) as rawPass would have returned them for the window. */
function view(l: Ledger, w: BucketedWindow, fromMs: number): RawPass {
  const out: RawPass = { operations: new Map(), services: new Map(), rootDurations: new Map(), rootErrors: new Map(), slowRowids: [] };
  const last = Math.max(0, Math.ceil((w.toMs - w.fromMs) / w.bucketMs) - 1);
  for (const [bucketMs, h] of l.buckets) {
    if (bucketMs < fromMs || bucketMs >= w.toMs) continue;
    const b = Math.min(last, (bucketMs - w.fromMs) / l.size);
    for (const [name, o] of h.ops) {
      let op = out.operations.get(name);
      if (!op) {
        op = { name, roots: 0, total: 0, durations: new Map(), errors: new Map() } satisfies RawOperation;
        out.operations.set(name, op);
      }
      op.roots += o.roots;
      op.total += o.total;
      append(op.durations, b, settled(o.durations));
      if (o.errors > 0) op.errors.set(b, (op.errors.get(b) ?? 0) + o.errors);
    }
    for (const [name, v] of h.services) {
      const svc = out.services.get(name);
      if (svc) {
        svc.durations = mergeSorted(svc.durations, settled(v.durations));
        svc.errors += v.errors;
      } else out.services.set(name, { durations: settled(v.durations), errors: v.errors });
    }
    const roots = settled(h.rootDurations);
    if (roots.length > 0) append(out.rootDurations, b, roots);
    if (h.rootErrors > 0) out.rootErrors.set(b, (out.rootErrors.get(b) ?? 0) + h.rootErrors);
    trimSlow(h.slow);
    out.slowRowids.push(...h.slow);
  }
  trimSlow(out.slowRowids);
  return canonical(out);
}

/**
 * The durations in ascending order: the rows added since the last view are
 * sorted alone and merged in, so a refresh does not sort an hour of the
 * app's requests again.
 */
function settled(d: Durations): number[] {
  if (d.fresh.length === 0) return d.sorted;
  d.sorted = mergeSorted(d.sorted, d.fresh.sort((a, b) => a - b));
  d.fresh = [];
  return d.sorted;
}

/** One bucket's durations: the ledger's own array (no copy) unless two of its buckets share the window's bucket. */
function append(m: Map<number, number[]>, b: number, ds: number[]): void {
  const had = m.get(b);
  m.set(b, had ? had.concat(ds) : ds);
}
