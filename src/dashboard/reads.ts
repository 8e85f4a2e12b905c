import type { DatabaseSync } from 'node:sqlite';
import { alertEvents, crashReport, exemplars, searchTraces, silences, spanOfTrace, traceDetail } from '../store/index.js';
import type { ExemplarQuery, TraceQuery } from '../store/index.js';
import { activeFromTable } from './alerts.js';
import { crashSummary } from './crashes.js';
import { errorGroupDetail, errorSummary } from './errors.js';
import { exportJson } from './export.js';
import { jobSummary } from './jobs.js';
import { compactTrace } from './trace-query.js';
import { buildSummary, withOverlay } from './summary.js';
import type { LiveOverlay } from './summary.js';
import { windowOf } from './window.js';
import type { WindowName } from './types.js';

/**
 * Every read the dashboard API makes, by name: the same functions run on
 * the read thread (in-process dashboard) or inline (`vigil dashboard --db`,
 * tests). Arguments and results are plain data, so they cross a
 * MessagePort as they are. Live sources are not here: the main thread adds
 * them (liveOverlay) and hands them over, because the registry and the engine live there.
 */
export const READS = {
  summary: (db: DatabaseSync, a: { window: WindowName; now?: number; slowMs?: number }) => buildSummary(db, a),
  // The HTTP answers are serialized where they are computed: the main thread only writes the text.
  summaryJson: (db: DatabaseSync, a: { window: WindowName; now?: number; slowMs?: number; overlay?: LiveOverlay }) => JSON.stringify(withOverlay(buildSummary(db, a), a.overlay)),
  exportJson: (db: DatabaseSync, a: { window: WindowName; now?: number; slowMs?: number; overlay?: LiveOverlay }) => {
    const doc = exportJson(db, a);
    return JSON.stringify({ ...doc, summary: withOverlay(doc.summary, a.overlay) });
  },
  errors: (db: DatabaseSync, a: { window: WindowName; now?: number }) => ({ window: a.window, ...errorSummary(db, windowOf(a.window, a.now ?? Date.now()), 200) }),
  errorGroup: (db: DatabaseSync, a: { fingerprint: string; limit: number }) => errorGroupDetail(db, a.fingerprint, a.limit) ?? null,
  crashes: (db: DatabaseSync, a: { window: WindowName; now?: number }) => crashSummary(db, windowOf(a.window, a.now ?? Date.now()), 200),
  crash: (db: DatabaseSync, a: { id: string }) => crashReport(db, a.id) ?? null,
  jobs: (db: DatabaseSync, a: { window: WindowName; now?: number }) => jobSummary(db, windowOf(a.window, a.now ?? Date.now())),
  traces: (db: DatabaseSync, a: TraceQuery) => searchTraces(db, a),
  trace: (db: DatabaseSync, a: { traceId: string }) => traceDetail(db, a.traceId) ?? null,
  traceCompactJson: (db: DatabaseSync, a: { traceId: string }) => {
    const t = traceDetail(db, a.traceId, true);
    return t ? JSON.stringify(compactTrace(t)) : null;
  },
  traceSpan: (db: DatabaseSync, a: { traceId: string; spanId: string }) => spanOfTrace(db, a.traceId, a.spanId) ?? null,
  exemplars: (db: DatabaseSync, a: ExemplarQuery) => exemplars(db, a),
  alerts: (db: DatabaseSync, a: { limit: number; now?: number }) => ({
    active: activeFromTable(db, a.now ?? Date.now()),
    // One reader of the table for every surface: a bad row is skipped, never hides the others.
    silences: silences(db, { now: a.now ?? Date.now() }).silences.sort((x, y) => x.startsAtMs - y.startsAtMs),
    recent: alertEvents(db, { limit: a.limit }),
  }),
};

export type ReadName = keyof typeof READS;
export type ReadArgs<K extends ReadName> = Parameters<(typeof READS)[K]>[1];
export type ReadResult<K extends ReadName> = ReturnType<(typeof READS)[K]>;
