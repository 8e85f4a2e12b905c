import { createHistogram, performance, type EventLoopUtilization, type RecordableHistogram } from 'node:perf_hooks';

/**
 * One event-loop delay sampler for the whole process (the health check and
 * the `nodejs.eventloop.delay.*` gauges each read their own histogram of it).
 * A sample is how late a timer fired: the delay an event arriving then would
 * have waited, without the sampling period that `monitorEventLoopDelay`
 * counts in. Every wake-up costs CPU even when nothing happens (≈ 40 µs
 * here), so the period follows the loop: every 50 ms while it was ≥ 5 %
 * busy in a second of the last 10 s, every 500 ms once it is idle (a stall of 500 ms or more is
 * still always recorded; an idle loop has no delay to measure).
 */
export const FAST_MS = 50;
export const SLOW_MS = 500;
/** Share of a window the loop must be busy for it to count as in use. */
const BUSY_SHARE = 0.05;
/**
 * Busy is judged over whole seconds, not one 50 ms period: Vigil's own
 * 15 s timers (a few ms of work) would otherwise count as use and keep the
 * fine period most of the time.
 */
const WINDOW_MS = 1000;
/** Fine sampling goes on this long after the loop was last in use. */
const BUSY_HOLD_MS = 10_000;

interface Sink {
  h: RecordableHistogram;
  sum: number;
  sumSq: number;
}
const views = new Set<Sink>();
let timer: NodeJS.Timeout | undefined;
let due = 0;
let lastBusy = 0;
let windowStart = 0;
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
  for (const v of views) {
    v.h.record(late);
    v.sum += late;
    v.sumSq += late * late;
  }
  if (now - windowStart >= WINDOW_MS) {
    if (performance.eventLoopUtilization(elu).utilization >= BUSY_SHARE) lastBusy = now;
    elu = performance.eventLoopUtilization();
    windowStart = now;
  }
  arm(now - lastBusy < BUSY_HOLD_MS ? FAST_MS : SLOW_MS);
}

export interface LoopDelayView {
  /** Delays in ns since the last reset: count, min, max, percentiles. */
  readonly histogram: RecordableHistogram;
  /**
   * Mean and standard deviation in ns, kept as samples arrive: the
   * histogram's own walk every bucket (≈ 0.4 ms a call here, at every
   * metric collection).
   */
  mean(): number;
  stddev(): number;
  reset(): void;
  close(): void;
}

/** A histogram of the shared sampler's delays; the sampler runs while any view is open. */
export function loopDelayView(): LoopDelayView {
  const sink: Sink = { h: createHistogram(), sum: 0, sumSq: 0 };
  const { h: histogram } = sink;
  views.add(sink);
  if (!timer) {
    // A new reader starts fine: the loop is presumed in use until shown idle.
    lastBusy = windowStart = performance.now();
    elu = performance.eventLoopUtilization();
    arm(FAST_MS);
  }
  const mean = (): number => (histogram.count > 0 ? sink.sum / histogram.count : 0);
  return {
    histogram,
    mean,
    stddev: () => (histogram.count > 0 ? Math.sqrt(Math.max(0, sink.sumSq / histogram.count - mean() ** 2)) : 0),
    reset() {
      histogram.reset();
      sink.sum = sink.sumSq = 0;
    },
    close() {
      views.delete(sink);
      if (views.size === 0 && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
    },
  };
}
