import os from 'node:os';
import type { SystemInfo } from './types.js';

/** Host and runtime facts for the verbose report; read when asked, never on a timer. */
export function systemInfo(): SystemInfo {
  const cpus = os.cpus();
  const mem = process.memoryUsage();
  return {
    os: { platform: process.platform, release: os.release(), arch: process.arch, hostname: os.hostname() },
    cpus: { count: os.availableParallelism(), model: cpus[0]?.model, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem(), processRssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    node: process.version,
    uptime: { processSeconds: Math.round(process.uptime() * 10) / 10, systemSeconds: Math.round(os.uptime()) },
  };
}
