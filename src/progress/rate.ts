/** The rate is averaged over this much recent time: long enough to smooth batches, short enough to follow a change. */
export const RATE_WINDOW_MS = 30_000;
/** No rate (and no ETA) before the window spans this much: one quick first batch is not a rate. */
export const MIN_RATE_SPAN_MS = 1_000;
/** At most one sample per this many ms, so a job updating per item keeps a bounded window. */
const SAMPLE_EVERY_MS = 250;

interface Sample {
  t: number;
  n: number;
}

/**
 * Items per second over a sliding window of (time, count) samples. The first
 * sample is the run's start, so early on the rate is the run's average; it
 * stays unknown (0) until the window spans MIN_RATE_SPAN_MS. A job at 10 %
 * after one batch that took 0.2 ms was shown as "494071.1/s · ETA 0s".
 */
export class RateWindow {
  private samples: Sample[];

  constructor(startMs: number) {
    this.samples = [{ t: startMs, n: 0 }];
  }

  /** `n` items processed in this run so far, at monotonic time `t`. */
  add(t: number, n: number): void {
    const last = this.samples[this.samples.length - 1]!;
    if (t - last.t < SAMPLE_EVERY_MS && this.samples.length > 1) {
      last.n = n;
      return;
    }
    this.samples.push({ t, n });
    // Keep one sample at or before the window's start as the base.
    let drop = 0;
    while (drop + 1 < this.samples.length && this.samples[drop + 1]!.t <= t - RATE_WINDOW_MS) drop++;
    if (drop > 0) this.samples = this.samples.slice(drop);
  }

  /** Items per second up to `now` (count `n`), or 0 while unknown. */
  rate(now: number, n: number): number {
    let base = this.samples[0]!;
    for (const s of this.samples) {
      if (s.t > now - RATE_WINDOW_MS) break;
      base = s;
    }
    const span = now - base.t;
    return span < MIN_RATE_SPAN_MS ? 0 : ((n - base.n) / span) * 1000;
  }

  reset(startMs: number): void {
    this.samples = [{ t: startMs, n: 0 }];
  }
}
