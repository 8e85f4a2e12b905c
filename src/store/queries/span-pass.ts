import type { DatabaseSync } from 'node:sqlite';
import type { BucketedWindow } from './types.js';

/** Raw durations of one operation, bucket by bucket. */
export interface RawOperation {
  name: string;
  roots: number;
  total: number;
  durations: Map<number, number[]>;
  errors: Map<number, number>;
}

/** One service's requests (local roots) in the pass: durations in ascending order, how many failed. */
export interface RawService {
  durations: number[];
  errors: number;
}

export interface RawPass {
  /** Callers may sort the arrays in place, never add to them (the ledger keeps them). */
  operations: Map<string, RawOperation>;
  /** Requests by `service.name` (`unknown_service` when a span names none), for services side by side. */
  services: Map<string, RawService>;
  /** Root-span (request) durations per bucket. */
  rootDurations: Map<number, number[]>;
  rootErrors: Map<number, number>;
  slowRowids: Array<{ rowid: number; d: number }>;
  /** From the ledger (spanPass) only: changes when spans outside the pass's hours may have (see span-ledger.ts). */
  stamp?: string;
}

/** One span as the summary reads it. */
export interface PassRow {
  rowid: number;
  name: string;
  t: number;
  d: number | null;
  s: number | null;
  root: number;
  slow: number;
  svc: string;
}

export const SLOW_KEEP = 20;

/** The columns of a summary pass over spans (shared with the incremental ledger, span-ledger.ts); `?` is the slow threshold. */
export const PASS_COLUMNS = `rowid, name, start_ms AS t, duration_ms AS d, status_code AS s,
  (parent_span_id IS NULL OR remote_parent = 1) AS root, COALESCE(service_name, 'unknown_service') AS svc,
  (duration_ms >= ? OR instr(attributes, '"vigil.slow":true') > 0) AS slow`;

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function bump<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/**
 * One pass over the spans started in [fromMs, toMs): durations per
 * operation and bucket, request durations per bucket, and the slowest
 * candidates (by rowid, fetched afterwards: reading ids of every span costs).
 */
export function rawPass(db: DatabaseSync, w: BucketedWindow, fromMs: number, slowMs: number): RawPass {
  const rows = db
    .prepare(`SELECT ${PASS_COLUMNS} FROM spans WHERE start_ms >= ? AND start_ms < ?`)
    .all(slowMs, fromMs, w.toMs) as unknown as PassRow[];
  const out: RawPass = { operations: new Map(), services: new Map(), rootDurations: new Map(), rootErrors: new Map(), slowRowids: [] };
  const last = Math.max(0, Math.ceil((w.toMs - w.fromMs) / w.bucketMs) - 1);
  for (const r of rows) {
    if (r.d == null || r.t < w.fromMs || r.t >= w.toMs) continue;
    const b = Math.min(last, Math.floor((r.t - w.fromMs) / w.bucketMs));
    let op = out.operations.get(r.name);
    if (!op) {
      op = { name: r.name, roots: 0, total: 0, durations: new Map(), errors: new Map() };
      out.operations.set(r.name, op);
    }
    op.total++;
    push(op.durations, b, r.d);
    const error = r.s === 2;
    if (error) bump(op.errors, b);
    if (r.root) {
      op.roots++;
      push(out.rootDurations, b, r.d);
      if (error) bump(out.rootErrors, b);
      let svc = out.services.get(r.svc);
      if (!svc) out.services.set(r.svc, (svc = { durations: [], errors: 0 }));
      svc.durations.push(r.d);
      if (error) svc.errors++;
    }
    if (r.slow) {
      out.slowRowids.push({ rowid: r.rowid, d: r.d });
      if (out.slowRowids.length > SLOW_KEEP * 10) trimSlow(out.slowRowids);
    }
  }
  trimSlow(out.slowRowids);
  for (const svc of out.services.values()) svc.durations.sort((a, b) => a - b);
  return canonical(out);
}

/** Two ascending arrays as one (neither is changed). */
export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return b as number[];
  if (b.length === 0) return a as number[];
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** Slowest first, ties by rowid, so every way of computing the pass keeps the same 20. */
export function trimSlow(a: Array<{ rowid: number; d: number }>): void {
  a.sort((x, y) => y.d - x.d || x.rowid - y.rowid);
  a.length = Math.min(a.length, SLOW_KEEP);
}

function byKey<K extends string | number, V>(m: Map<K, V>): Map<K, V> {
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Operations by name and buckets in order: what is summed from the pass
 * (weighted percentiles) is then summed in the same order however the pass
 * was computed, to the last bit.
 */
export function canonical(p: RawPass): RawPass {
  const operations = new Map<string, RawOperation>();
  for (const [name, op] of byKey(p.operations)) operations.set(name, { ...op, durations: byKey(op.durations), errors: byKey(op.errors) });
  return { operations, services: byKey(p.services), rootDurations: byKey(p.rootDurations), rootErrors: byKey(p.rootErrors), slowRowids: p.slowRowids };
}

/** A slow span: above the threshold or marked by Vigil's slow-operation detection. */
export interface SlowSpan {
  name: string;
  traceId: string | null;
  spanId: string | null;
  startMs: number;
  durationMs: number;
  /** Marked by Vigil's slow-operation detection (else only above the threshold). */
  flagged: boolean;
}

/** Details of slow spans by rowid, slowest first. */
export function slowSpans(db: DatabaseSync, rowids: readonly number[]): SlowSpan[] {
  if (rowids.length === 0) return [];
  const stmt = db.prepare(
    `SELECT name, trace_id, span_id, start_ms, duration_ms, instr(attributes, '"vigil.slow":true') > 0 AS flagged FROM spans WHERE rowid = ?`,
  );
  const out: SlowSpan[] = [];
  for (const id of rowids) {
    const r = stmt.get(id) as { name: string; trace_id: string; span_id: string; start_ms: number; duration_ms: number; flagged: number } | undefined;
    if (r) out.push({ name: r.name, traceId: r.trace_id, spanId: r.span_id, startMs: r.start_ms, durationMs: r.duration_ms, flagged: r.flagged === 1 });
  }
  return out.sort((a, b) => b.durationMs - a.durationMs);
}

/** The slowest span of one operation in [fromMs, toMs), if raw spans are still kept. */
export function slowestOf(db: DatabaseSync, name: string, fromMs: number, toMs: number): number | undefined {
  const r = db.prepare('SELECT rowid FROM spans WHERE name = ? AND start_ms >= ? AND start_ms < ? ORDER BY duration_ms DESC LIMIT 1').get(name, fromMs, toMs) as
    | { rowid: number }
    | undefined;
  return r?.rowid;
}

/** Whether the latest stored span of an operation was a local root (a request or a job), undefined when none is kept. */
export function isRootOperation(db: DatabaseSync, name: string): boolean | undefined {
  const r = db.prepare('SELECT (parent_span_id IS NULL OR remote_parent = 1) AS root FROM spans WHERE name = ? ORDER BY start_ms DESC LIMIT 1').get(name) as
    | { root: number }
    | undefined;
  return r ? r.root === 1 : undefined;
}
