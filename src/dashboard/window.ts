import type { WindowInfo, WindowName } from './types.js';

export const WINDOWS: Record<WindowName, { spanMs: number; bucketMs: number }> = {
  '1h': { spanMs: 3_600_000, bucketMs: 60_000 },
  // Hour buckets line up with metrics_hourly, so long windows can read rollups bucket for bucket.
  '24h': { spanMs: 86_400_000, bucketMs: 3_600_000 },
  '7d': { spanMs: 7 * 86_400_000, bucketMs: 3_600_000 },
};

export function isWindowName(v: unknown): v is WindowName {
  return typeof v === 'string' && Object.hasOwn(WINDOWS, v);
}

/**
 * The window ending at `now`, cut into aligned buckets: the last bucket is
 * the current (partial) one, so the window starts at most one bucket later
 * than `now - span` would.
 */
export function windowOf(name: WindowName, now: number): WindowInfo {
  const { spanMs, bucketMs } = WINDOWS[name];
  const n = spanMs / bucketMs;
  const last = Math.floor(now / bucketMs) * bucketMs;
  const fromMs = last - (n - 1) * bucketMs;
  const buckets = Array.from({ length: n }, (_, i) => fromMs + i * bucketMs);
  return { name, fromMs, toMs: now + 1, bucketMs, buckets };
}

/** Index of the bucket holding `t`, or -1 outside the window. */
export function bucketIndex(w: WindowInfo, t: number): number {
  if (t < w.fromMs || t >= w.toMs) return -1;
  return Math.min(w.buckets.length - 1, Math.floor((t - w.fromMs) / w.bucketMs));
}

/** Seconds the window actually covers (for rates). */
export function windowSeconds(w: WindowInfo): number {
  return Math.max(1, (w.toMs - w.fromMs) / 1000);
}
