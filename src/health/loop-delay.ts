import { createHistogram, performance, type EventLoopUtilization, type RecordableHistogram } from 'node:perf_hooks';

/**
 * One event-loop delay sampler for the whole process (the health check and
 * the `nodejs.eventloop.delay.*` gauges each read their own histogram of it).
 * A sample is how late a timer fired: the delay an event arriving then would
 * have waited, without the sampling period that `monitorEventLoopDelay`
 * counts in. Every wake-up costs CPU even when nothing happens (≈ 40 µs
 * here), so the period follows the loop: every 50 ms while it was busy in
 * the last 10 s, every 500 ms once it is idle (a stall of 500 ms or more is
 * still always recorded; an idle loop has no delay to measure).
 */
export const FAST_MS = 50;
export const SLOW_MS = 500;
/** Share of a period the loop must be busy for it to count as in use. */
const BUSY_SHARE = 0.05;
/** Fine sampling goes on this long after the loop was last in use. */
const BUSY_HOLD_MS = 10_000;

const views = new Set<RecordableHistogram>();
let timer: NodeJS.Timeout | undefined;
let due = 0;
let lastBusy = 0;
let elu: EventLoopUtilization | undefined;
let period: number | undefined;

/** The sampler's current period in ms, undefined while no view is open. */
export const samplingPeriod = (): number | undefined => (timer ? period : undefined);

function arm(ms: number): void {
  period = ms;
  due = performance.now() + ms;
  timer = setTimeout(tick, ms);
  timer.unref();
}

function tick(): void {
  const now = performance.now();
  // Whole ns, at least 1: the histogram cannot hold 0.
  const late = Math.max(1, Math.round((now - due) * 1e6));
  for (const h of views) h.record(late);
  const used = performance.eventLoopUtilization(elu);
  elu = performance.eventLoopUtilization();
  if (used.utilization >= BUSY_SHARE) lastBusy = now;
  arm(now - lastBusy < BUSY_HOLD_MS ? FAST_MS : SLOW_MS);
}

export interface LoopDelayView {
  /** Delays in ns since the owner's last reset. */
  readonly histogram: RecordableHistogram;
  close(): void;
}

/** A histogram of the shared sampler's delays; the sampler runs while any view is open. */
export function loopDelayView(): LoopDelayView {
  const histogram = createHistogram();
  views.add(histogram);
  if (!timer) {
    // A new reader starts fine: the loop is presumed in use until shown idle.
    lastBusy = performance.now();
    elu = performance.eventLoopUtilization();
    arm(FAST_MS);
  }
  return {
    histogram,
    close() {
      views.delete(histogram);
      if (views.size === 0 && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
    },
  };
}
