import os from 'node:os';
import type { SystemInfo } from './types.js';

// Facts that do not change while the process runs, read once: os.cpus() alone
// costs ~75 µs (it parses /proc), too much to pay on every verbose report.
let fixed: { os: SystemInfo['os']; cpuCount: number; cpuModel?: string; totalBytes: number } | undefined;

/** Host and runtime facts for the verbose report; read when asked, never on a timer. */
export function systemInfo(): SystemInfo {
  fixed ??= {
    os: { platform: process.platform, release: os.release(), arch: process.arch, hostname: os.hostname() },
    cpuCount: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model,
    totalBytes: os.totalmem(),
  };
  const mem = process.memoryUsage();
  return {
    os: fixed.os,
    cpus: { count: fixed.cpuCount, model: fixed.cpuModel, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    memory: { totalBytes: fixed.totalBytes, freeBytes: os.freemem(), processRssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    node: process.version,
    uptime: { processSeconds: Math.round(process.uptime() * 10) / 10, systemSeconds: Math.round(os.uptime()) },
  };
}
