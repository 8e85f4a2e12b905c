import os from 'node:os';
import { byThreshold } from '../status.js';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

export interface CpuCheckOptions extends CheckOptions {
  warnPercent?: number;
  failPercent?: number;
}

/**
 * Host CPU utilisation over the time since the previous run (from the
 * kernel's per-core counters), and this process's share, normalised to all
 * cores. The status follows the host figure: a busy machine slows the
 * application whoever is busy.
 */
export function cpuCheck(o: CpuCheckOptions = {}): HealthCheck {
  const warnAt = o.warnPercent ?? 85;
  const failAt = o.failPercent ?? 95;
  let prevHost = hostTimes();
  let prevProc = process.cpuUsage();
  let prevAt = performance.now();
  return {
    ...schedule(o, { name: 'cpu', critical: false, interval: INTERVALS.system }),
    component: 'cpu',
    measurement: 'utilization',
    componentType: 'system',
    async run() {
      const host = hostTimes();
      const proc = process.cpuUsage(prevProc);
      const now = performance.now();
      const busy = host.busy - prevHost.busy;
      const all = busy + (host.idle - prevHost.idle);
      const hostPercent = all > 0 ? round((100 * busy) / all, 1) : 0;
      const wallUs = (now - prevAt) * 1000 * os.availableParallelism();
      const processPercent = wallUs > 0 ? round((100 * (proc.user + proc.system)) / wallUs, 1) : 0;
      prevHost = host;
      prevProc = process.cpuUsage();
      prevAt = now;
      const status = byThreshold(hostPercent, warnAt, failAt);
      return {
        status,
        observedValue: hostPercent,
        observedUnit: '%',
        output: status === 'pass' ? undefined : `host CPU at ${hostPercent}% (warn at ${warnAt}%, fail at ${failAt}%)`,
        details: { processPercent, loadAverage: os.loadavg().map((l) => round(l)) },
      };
    },
  };
}

function hostTimes(): { busy: number; idle: number } {
  let busy = 0;
  let idle = 0;
  for (const c of os.cpus()) {
    busy += c.times.user + c.times.nice + c.times.sys + c.times.irq;
    idle += c.times.idle;
  }
  return { busy, idle };
}
