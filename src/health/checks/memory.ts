import os from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { byThreshold } from '../status.js';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

export interface MemoryCheckOptions extends CheckOptions {
  warnPercent?: number;
  failPercent?: number;
}

/**
 * Memory pressure: the highest of system memory in use, the V8 heap against
 * its limit, and RSS against a container limit when there is one. The
 * observed value is that highest percentage; the details carry all three.
 */
export function memoryCheck(o: MemoryCheckOptions = {}): HealthCheck {
  const warnAt = o.warnPercent ?? 85;
  const failAt = o.failPercent ?? 95;
  return {
    ...schedule(o, { name: 'memory', critical: false, interval: INTERVALS.system }),
    component: 'memory',
    measurement: 'utilization',
    componentType: 'system',
    async run() {
      const total = os.totalmem();
      const systemPercent = round((100 * (total - os.freemem())) / total, 1);
      const heap = getHeapStatistics();
      const heapPercent = round((100 * heap.used_heap_size) / heap.heap_size_limit, 1);
      const rss = process.memoryUsage.rss();
      // constrainedMemory() is 0 or a huge number when there is no cgroup limit.
      const limit = process.constrainedMemory?.() ?? 0;
      const rssPercent = limit > 0 && limit < total ? round((100 * rss) / limit, 1) : undefined;
      const figures: Array<[string, number]> = [['system memory', systemPercent], ['heap', heapPercent]];
      if (rssPercent !== undefined) figures.push(['RSS of the container limit', rssPercent]);
      const [what, highest] = figures.reduce((a, b) => (b[1] > a[1] ? b : a));
      const status = byThreshold(highest, warnAt, failAt);
      return {
        status,
        observedValue: highest,
        observedUnit: '%',
        output: status === 'pass' ? undefined : `${what} at ${highest}% (warn at ${warnAt}%, fail at ${failAt}%)`,
        details: { systemPercent, heapPercent, rssPercent, rssBytes: rss, heapUsedBytes: heap.used_heap_size, heapLimitBytes: heap.heap_size_limit },
      };
    },
  };
}
