// Reading /metrics as Prometheus would: parse the exposition text, add up
// the cumulative buckets of the series that match, and estimate quantiles
// with histogram_quantile's rules (the store's intervalQuantile without
// min/max is exactly that; see src/store/histogram.ts).
import { intervalQuantile } from '../../src/store/histogram.js';
import type { Interval } from '../../src/store/histogram.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return out;
}

const matches = (s: Sample, want: Record<string, string>) => Object.entries(want).every(([k, v]) => s.labels[k] === v);

/** Sum of `name` over the series whose labels include `want`. */
export function sumOf(samples: Sample[], name: string, want: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && matches(s, want)).reduce((a, s) => a + s.value, 0);
}

export interface PromHistogram {
  count: number;
  sum: number;
  /** Finite upper bounds, ascending. */
  bounds: number[];
  /** Per-bucket (not cumulative) counts as intervals, as histogram_quantile reads them. */
  intervals: Interval[];
  quantile(q: number): number | null;
}

/** The histogram `base` (`<base>_bucket`, `_count`, `_sum`) over the matching series, buckets added up by `le`. */
export function histogramOf(samples: Sample[], base: string, want: Record<string, string> = {}): PromHistogram {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${base}_bucket` || !matches(s, want)) continue;
    const le = s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  const les = [...byLe.keys()].sort((a, b) => a - b);
  const intervals: Interval[] = [];
  let prevLe = -Infinity;
  let prevCum = 0;
  for (const le of les) {
    const cum = byLe.get(le)!;
    intervals.push({ lower: prevLe, upper: le, count: cum - prevCum });
    prevLe = le;
    prevCum = cum;
  }
  return {
    count: sumOf(samples, `${base}_count`, want),
    sum: sumOf(samples, `${base}_sum`, want),
    bounds: les.filter(Number.isFinite),
    intervals,
    quantile: (q) => intervalQuantile(intervals, q),
  };
}
