import { compileMatchers, labelString, toLabels } from './matchers.js';
import type { LabelPredicate } from './matchers.js';
import { histDelta } from './histogram.js';
import type { Bucket, HistDelta } from './histogram.js';
import { intervalQuantile, mergeIntervals } from '../store/histogram.js';
import { pointAtOrBefore } from './series.js';
import type { Point, Series, SeriesStore } from './series.js';
import type { MetricExpr, Op } from './expr.js';
import type { Labels } from './types.js';

export const DEFAULT_WINDOW_MS = 5 * 60_000;

/** One label set for which the expression's condition holds, with its value. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** An expression with its matchers compiled once. */
export interface CompiledExpr extends MetricExpr {
  pred: LabelPredicate;
}

export function compileExpr(e: MetricExpr): CompiledExpr {
  return { ...e, pred: compileMatchers(e.matchers) };
}

interface Acc {
  labels: Labels;
  values: number[];
  count: number;
  sum: number;
  buckets: Bucket[][];
  min?: number;
  max?: number;
  hist: boolean;
}

/** Evaluate at `now`: the samples whose value passes the comparison. */
export function evaluateExpr(e: CompiledExpr, store: SeriesStore, now: number): Sample[] {
  const out: Sample[] = [];
  const groups = new Map<string, Acc>();
  for (const s of store.live(e.metric, now)) {
    if (!e.pred(s.attrs)) continue;
    if (e.fn === 'value') {
      const v = latestValue(s);
      if (v !== undefined && compare(v, e.op, e.threshold)) out.push({ labels: toLabels(s.attrs), value: v });
      continue;
    }
    const key = e.by ? e.by.map((l) => labelString(s.attrs[l])).join('\u0000') : '';
    let acc = groups.get(key);
    if (!acc) {
      const labels: Labels = {};
      for (const l of e.by ?? []) labels[l] = labelString(s.attrs[l]);
      groups.set(key, (acc = { labels, values: [], count: 0, sum: 0, buckets: [], hist: false }));
    }
    accumulate(acc, s, e, now);
  }
  for (const acc of groups.values()) {
    const v = reduce(acc, e);
    if (v !== undefined && Number.isFinite(v) && compare(v, e.op, e.threshold)) out.push({ labels: acc.labels, value: v });
  }
  return out;
}

function latestValue(s: Series): number | undefined {
  const p = s.points.at(-1);
  if (!p) return undefined;
  if (p.h) return p.h.count > 0 ? p.h.sum / p.h.count : undefined;
  return p.v;
}

function accumulate(acc: Acc, s: Series, e: CompiledExpr, now: number): void {
  const latest = s.points.at(-1)!;
  // Histograms default to the last 5 minutes: a percentile since start-up would never recover.
  const windowMs = e.windowMs ?? (latest.h ? DEFAULT_WINDOW_MS : undefined);
  const base = windowMs !== undefined ? pointAtOrBefore(s.points, now - windowMs) : undefined;
  if (latest.h) {
    const d = cachedDelta(s, latest, base, windowMs ?? 0);
    acc.hist = true;
    acc.count += d.count;
    acc.sum += d.sum;
    acc.buckets.push(d.buckets);
    if (d.min !== undefined) acc.min = Math.min(acc.min ?? Infinity, d.min);
    if (d.max !== undefined) acc.max = Math.max(acc.max ?? -Infinity, d.max);
    return;
  }
  if (e.fn === 'increase' || e.fn === 'rate' || (e.fn === 'count' && s.kind === 'counter')) {
    // No snapshot before the window: the series began inside it, from zero. A drop is a reset.
    const from = base?.v ?? 0;
    acc.values.push(latest.v >= from ? latest.v - from : latest.v);
    return;
  }
  if (e.windowMs === undefined) {
    acc.values.push(latest.v);
    return;
  }
  // A gauge over a window: every snapshot inside it.
  for (const p of s.points) if (p.t > now - e.windowMs) acc.values.push(p.v);
}

/**
 * Rules sharing a window (most use 5m) share one delta per series per
 * evaluation: the delta is immutable, so it is kept on the series.
 */
const deltas = new WeakMap<Series, { t: number; windowMs: number; d: HistDelta }[]>();
function cachedDelta(s: Series, latest: Point, base: Point | undefined, windowMs: number): HistDelta {
  let list = deltas.get(s);
  if (!list) deltas.set(s, (list = []));
  for (const c of list) if (c.t === latest.t && c.windowMs === windowMs) return c.d;
  const d = histDelta(latest.h!, base?.h);
  // Drop entries from older evaluations; keep one per window.
  const fresh = list.filter((c) => c.t === latest.t);
  fresh.push({ t: latest.t, windowMs, d });
  deltas.set(s, fresh);
  return d;
}

function reduce(acc: Acc, e: CompiledExpr): number | undefined {
  const windowS = (e.windowMs ?? DEFAULT_WINDOW_MS) / 1000;
  if (acc.hist) {
    switch (e.fn) {
      case 'quantile':
        return intervalQuantile(mergeIntervals(acc.buckets), e.q ?? 0.5, acc.min, acc.max) ?? undefined;
      case 'avg':
        return acc.count > 0 ? acc.sum / acc.count : undefined;
      case 'max':
        return intervalQuantile(mergeIntervals(acc.buckets), 1, acc.min, acc.max) ?? undefined;
      case 'min':
        return intervalQuantile(mergeIntervals(acc.buckets), 0, acc.min, acc.max) ?? undefined;
      case 'sum':
        return acc.sum;
      case 'count':
      case 'increase':
        return acc.count;
      case 'rate':
        return acc.count / windowS;
      default:
        return undefined;
    }
  }
  const vs = acc.values;
  if (vs.length === 0) return undefined;
  switch (e.fn) {
    case 'avg':
      return vs.reduce((a, b) => a + b, 0) / vs.length;
    case 'max':
      return vs.reduce((a, b) => (b > a ? b : a), -Infinity);
    case 'min':
      return vs.reduce((a, b) => (b < a ? b : a), Infinity);
    case 'sum':
    case 'count':
    case 'increase':
      return vs.reduce((a, b) => a + b, 0);
    case 'rate':
      return vs.reduce((a, b) => a + b, 0) / windowS;
    default:
      return undefined; // quantile of a non-histogram
  }
}

export function compare(v: number, op: Op, t: number): boolean {
  switch (op) {
    case '>':
      return v > t;
    case '>=':
      return v >= t;
    case '<':
      return v < t;
    case '<=':
      return v <= t;
    case '==':
      return v === t;
    case '!=':
      return v !== t;
  }
}
