import type { DatabaseSync } from 'node:sqlite';
import { fleetHealthSummary, healthSummary, liveHealthSummary } from './health.js';
import { hostFigures } from './host.js';
import { llmUsage } from './llm.js';
import { performance } from './performance.js';
import { serviceSummaries } from './services.js';
import { activeFromLive, alertSummary } from './alerts.js';
import { crashSummary } from './crashes.js';
import { errorSummary } from './errors.js';
import { jobSummary } from './jobs.js';
import { windowOf } from './window.js';
import type { ActiveAlert, HealthSummary, LiveSources, Summary, SummaryOptions } from './types.js';

export const DEFAULT_SLOW_MS = 1000;

/**
 * Everything the dashboard, `vigil report` and the export show for one
 * window, computed on read from the database (read-only handles are fine).
 * Throws on a database fault: callers (routes, commands) explain it.
 */
export function buildSummary(db: DatabaseSync, opts: SummaryOptions): Summary {
  const now = opts.now ?? Date.now();
  const w = windowOf(opts.window, now);
  const perf = performance(db, w, opts.slowMs ?? DEFAULT_SLOW_MS);
  return {
    generatedMs: now,
    window: w,
    usedRollups: perf.usedRollups,
    health: healthSummary(db, w, opts.live),
    requests: perf.requests,
    services: serviceSummaries(db, w, now, perf.raw),
    operations: perf.operations,
    slow: perf.slow,
    errors: errorSummary(db, w),
    alerts: alertSummary(db, w, opts.live),
    crashes: crashSummary(db, w),
    jobs: jobSummary(db, w),
    host: hostFigures(db, w),
    llm: llmUsage(db, w),
  };
}

/** What the running process knows better than the file: small, plain data, so it can travel to the read thread. */
export interface LiveOverlay {
  health?: HealthSummary;
  active?: ActiveAlert[];
}

/** The registry's checks and score (it knows which checks are critical) and the engine's active alerts, now. */
export function liveOverlay(live?: LiveSources): LiveOverlay {
  const health = liveHealthSummary(live);
  let active: ActiveAlert[] | undefined;
  try {
    active = live?.alerting ? activeFromLive(live.alerting) : undefined;
  } catch {
    active = undefined; // a faulty engine must not take the summary down; the table still knows
  }
  return { ...(health ? { health } : {}), ...(active ? { active } : {}) };
}

/** The overlay with the health of every process of the service (the others are asked over the peer wire). */
export async function fleetOverlay(live?: LiveSources): Promise<LiveOverlay> {
  const { health: _own, ...rest } = liveOverlay(live);
  const health = await fleetHealthSummary(live);
  return { ...rest, ...(health ? { health } : {}) };
}

/** A summary read from the database completed with the live overlay. */
export function withOverlay(summary: Summary, o: LiveOverlay = {}): Summary {
  return {
    ...summary,
    ...(o.health ? { health: o.health } : {}),
    ...(o.active ? { alerts: { ...summary.alerts, active: o.active, source: 'live' as const } } : {}),
  };
}

export function withLive(summary: Summary, live?: LiveSources): Summary {
  return withOverlay(summary, liveOverlay(live));
}
