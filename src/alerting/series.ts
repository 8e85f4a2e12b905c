import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { explicitSnapshot, exponentialSnapshot } from './histogram.js';
import type { HistSnapshot } from './histogram.js';

export type SeriesKind = 'counter' | 'gauge' | 'histogram';

export interface Point {
  t: number;
  v: number;
  h?: HistSnapshot;
}

/** One metric stream (a name × an attribute set) and a short ring of its past cumulative snapshots. */
export interface Series {
  name: string;
  attrs: Attributes;
  kind: SeriesKind;
  points: Point[];
  lastSeen: number;
  /** Pushed series (health observations) stay live this long without an update. */
  staleAfterMs?: number;
}

/**
 * Keeps what the alerting reader collected, per series, for as long as the
 * longest rule window needs: windows are answered by subtracting the snapshot
 * taken just before the window from the latest one.
 */
export class SeriesStore {
  private readonly byName = new Map<string, Map<string, Series>>();
  lastCollectAt = -Infinity;
  /** How far back snapshots are kept (the longest window plus one interval). */
  retainMs = 10 * 60_000;

  ingest(rm: ResourceMetrics, now: number): void {
    this.lastCollectAt = now;
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        const name = m.descriptor.name;
        switch (m.dataPointType) {
          case DataPointType.SUM:
            for (const dp of m.dataPoints) this.put(name, dp.attributes, m.isMonotonic ? 'counter' : 'gauge', { t: now, v: dp.value }, now);
            break;
          case DataPointType.GAUGE:
            for (const dp of m.dataPoints) this.put(name, dp.attributes, 'gauge', { t: now, v: dp.value }, now);
            break;
          case DataPointType.HISTOGRAM:
            for (const dp of m.dataPoints) this.put(name, dp.attributes, 'histogram', { t: now, v: dp.value.count, h: explicitSnapshot(dp.value) }, now);
            break;
          case DataPointType.EXPONENTIAL_HISTOGRAM:
            for (const dp of m.dataPoints) this.put(name, dp.attributes, 'histogram', { t: now, v: dp.value.count, h: exponentialSnapshot(dp.value) }, now);
            break;
        }
      }
    }
    this.prune(now);
  }

  /** A value pushed in rather than collected (health observations). */
  push(name: string, attrs: Attributes, kind: SeriesKind, v: number, now: number, staleAfterMs: number): void {
    const s = this.put(name, attrs, kind, { t: now, v }, now);
    s.staleAfterMs = staleAfterMs;
  }

  /** The current value of a pushed series, for counters that accumulate. */
  current(name: string, attrs: Attributes): number | undefined {
    return this.byName.get(name)?.get(seriesKey(attrs))?.points.at(-1)?.v;
  }

  /** Series of a metric that are still live at `now`. */
  live(name: string, now: number): Series[] {
    const map = this.byName.get(name);
    if (!map) return [];
    const out: Series[] = [];
    for (const s of map.values()) {
      if (s.staleAfterMs === undefined ? s.lastSeen === this.lastCollectAt : now - s.lastSeen <= s.staleAfterMs) out.push(s);
    }
    return out;
  }

  size(): number {
    let n = 0;
    for (const m of this.byName.values()) n += m.size;
    return n;
  }

  private put(name: string, attrs: Attributes, kind: SeriesKind, p: Point, now: number): Series {
    let map = this.byName.get(name);
    if (!map) this.byName.set(name, (map = new Map()));
    const key = seriesKey(attrs);
    let s = map.get(key);
    if (!s) map.set(key, (s = { name, attrs, kind, points: [], lastSeen: now }));
    s.kind = kind;
    s.lastSeen = now;
    // Two collections at one instant (a forced flush): the newer replaces.
    if (s.points.at(-1)?.t === p.t) s.points[s.points.length - 1] = p;
    else s.points.push(p);
    return s;
  }

  private prune(now: number): void {
    const horizon = now - this.retainMs;
    for (const [name, map] of this.byName) {
      for (const [key, s] of map) {
        if (s.lastSeen < horizon) {
          map.delete(key);
          continue;
        }
        // Keep the newest point at or before the horizon: it is the baseline of the longest window.
        let drop = 0;
        while (drop + 1 < s.points.length && s.points[drop + 1]!.t <= horizon) drop++;
        if (drop > 0) s.points.splice(0, drop);
      }
      if (map.size === 0) this.byName.delete(name);
    }
  }
}

/** Attribute sets as a stable key; the SDK hands the same attributes in insertion order, but not callers. */
export function seriesKey(attrs: Attributes): string {
  const keys = Object.keys(attrs);
  if (keys.length === 0) return '';
  keys.sort();
  let out = '';
  for (const k of keys) out += `${k}\u0000${String(attrs[k])}\u0001`;
  return out;
}

/** The newest point at or before `t`; undefined = the series began after `t`. */
export function pointAtOrBefore(points: readonly Point[], t: number): Point | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.t <= t) return points[i];
  return undefined;
}
