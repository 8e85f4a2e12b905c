import { statfs } from 'node:fs/promises';
import { byThreshold } from '../status.js';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

export interface DiskCheckOptions extends CheckOptions {
  path: string;
  warnPercent?: number;
  failPercent?: number;
}

/** Used space of the filesystem holding `path`, as `df` counts it (used / (used + available to users)). */
export function diskCheck(o: DiskCheckOptions): HealthCheck {
  const warnAt = o.warnPercent ?? 80;
  const failAt = o.failPercent ?? 90;
  return {
    ...schedule(o, { name: `disk:${o.path}`, critical: false, interval: INTERVALS.system }),
    component: 'disk',
    measurement: 'utilization',
    componentId: o.path,
    componentType: 'system',
    async run() {
      const s = await statfs(o.path);
      const used = (s.blocks - s.bfree) * s.bsize;
      const avail = s.bavail * s.bsize;
      const percent = used + avail === 0 ? 0 : round((100 * used) / (used + avail), 1);
      const status = byThreshold(percent, warnAt, failAt);
      return {
        status,
        observedValue: percent,
        observedUnit: '%',
        output: status === 'pass' ? undefined : `${percent}% used (warn at ${warnAt}%, fail at ${failAt}%)`,
        details: { freeBytes: avail, totalBytes: s.blocks * s.bsize },
      };
    },
  };
}
