import type { DatabaseSync } from 'node:sqlite';
import { latestValue } from '../store/index.js';
import type { HostFigure, WindowInfo } from './types.js';

/** What the host and runtime instrumentations record (OTel semantic conventions), and how to show it. */
const FIGURES: Array<{ name: string; label: string; unit: string; scale?: number; where?: (a: Record<string, unknown>) => boolean }> = [
  { name: 'process.cpu.utilization', label: 'Process CPU', unit: '%', scale: 100 },
  { name: 'process.memory.usage', label: 'Process memory (RSS)', unit: 'bytes' },
  { name: 'v8js.memory.heap.used', label: 'V8 heap used', unit: 'bytes' },
  { name: 'nodejs.eventloop.delay.p99', label: 'Event loop delay p99', unit: 'ms', scale: 1000 },
  { name: 'nodejs.eventloop.utilization', label: 'Event loop utilization', unit: '%', scale: 100 },
  { name: 'system.cpu.utilization', label: 'System CPU (idle excluded)', unit: '%', scale: 100, where: (a) => a['system.cpu.state'] !== 'idle' },
  { name: 'system.memory.utilization', label: 'System memory used', unit: '%', scale: 100, where: (a) => a['system.memory.state'] === 'used' },
];

/** Latest host and runtime figures in the window; figures never recorded are left out. */
export function hostFigures(db: DatabaseSync, w: WindowInfo): HostFigure[] {
  const out: HostFigure[] = [];
  for (const f of FIGURES) {
    const v = latestValue(db, f.name, w.toMs, f.where);
    if (!v || v.timeMs < w.fromMs) continue;
    out.push({ name: f.name, label: f.label, value: v.value * (f.scale ?? 1), unit: f.unit, timeMs: v.timeMs });
  }
  return out;
}
