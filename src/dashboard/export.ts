import type { DatabaseSync } from 'node:sqlite';
import { VERSION } from '../sdk/version.js';
import { errorGroups } from '../store/index.js';
import type { ErrorGroupRecord } from '../store/index.js';
import { buildSummary } from './summary.js';
import type { LiveSources, Summary, WindowName } from './types.js';

export interface ExportOptions {
  window: WindowName;
  now?: number;
  live?: LiveSources;
}

export interface ExportDocument {
  format: 'vigil-export';
  formatVersion: 1;
  vigilVersion: string;
  exportedAt: string;
  window: WindowName;
  summary: Summary;
  /** Every error group, not only the window's. */
  errorGroups: ErrorGroupRecord[];
}

/** The JSON document of `vigil export` and `/api/export`: the summary plus every error group. */
export function exportJson(db: DatabaseSync, opts: ExportOptions): ExportDocument {
  const summary = buildSummary(db, opts);
  return {
    format: 'vigil-export',
    formatVersion: 1,
    vigilVersion: VERSION,
    exportedAt: new Date(summary.generatedMs).toISOString(),
    window: opts.window,
    summary,
    errorGroups: errorGroups(db, { limit: 1000 }),
  };
}
