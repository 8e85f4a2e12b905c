import type { DatabaseSync } from 'node:sqlite';
import { crashReports } from '../store/index.js';
import type { CrashSummary, WindowInfo } from './types.js';

export function crashSummary(db: DatabaseSync, w: WindowInfo, limit = 20): CrashSummary[] {
  return crashReports(db, { fromMs: w.fromMs, toMs: w.toMs, limit }).map((r) => ({ id: r.id, timeMs: r.timeMs, type: r.type, message: r.message, sent: r.sentMs != null }));
}
