import { byThreshold } from '../status.js';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';
import { loopDelayView } from '../loop-delay.js';

export interface EventLoopCheckOptions extends CheckOptions {
  /** p99 delay (ms) at which to warn; default 100. */
  warnMs?: number;
  /** p99 delay (ms) at which to fail; default 1000. */
  failMs?: number;
}

/** p99 event-loop delay since the previous run (how late a timer fired; reset each run). */
export function eventLoopCheck(o: EventLoopCheckOptions = {}): HealthCheck {
  const warnAt = o.warnMs ?? 100;
  const failAt = o.failMs ?? 1000;
  // The process's one sampler (see loop-delay.ts): fine while the loop is in use, coarse at idle.
  const view = loopDelayView();
  const h = view.histogram;
  return {
    ...schedule(o, { name: 'event_loop', critical: false, interval: INTERVALS.system }),
    component: 'eventLoop',
    measurement: 'delay',
    componentType: 'system',
    async run() {
      if (h.count === 0) return { status: 'pass', observedValue: 0, observedUnit: 'ms', output: 'no samples yet' };
      const p99 = round(h.percentile(99) / 1e6);
      const details = { p50Ms: round(h.percentile(50) / 1e6), maxMs: round(h.max / 1e6), samples: h.count };
      view.reset();
      const status = byThreshold(p99, warnAt, failAt);
      return {
        status,
        observedValue: p99,
        observedUnit: 'ms',
        output: status === 'pass' ? undefined : `p99 event-loop delay ${p99} ms (warn at ${warnAt} ms, fail at ${failAt} ms)`,
        details,
      };
    },
    close: () => view.close(),
  };
}
