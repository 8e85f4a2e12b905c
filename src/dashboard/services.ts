import type { DatabaseSync } from 'node:sqlite';
import { storedByService } from '../health/stored.js';
import { latestCheckResults, spanRollups, SERVICE_ROLLUP_PREFIX } from '../store/index.js';
import type { RawService, RollupCell } from '../store/index.js';
import { percentilesOf, weightedPercentiles } from './stats.js';
import { windowSeconds } from './window.js';
import type { ServiceSummary, WindowInfo } from './types.js';

/**
 * Older than this, a service's newest health row says it is gone or stuck:
 * shown as unknown, with its time. Four of the system checks' 15 s interval.
 */
export const HEALTH_STALE_MS = 60_000;

const noHealth = (): ServiceSummary['health'] => ({ status: 'unknown', score: null, output: null, timeMs: null });

/**
 * The services of the data dir side by side: requests, failed requests and
 * latency by `service.name` (from the hourly `service:<name>` rollups for
 * the hours rolled up; for the rest, the raw pass performance.ts made, kept
 * between refreshes: a week stays cheap), health from each service's latest
 * `health_checks` rows per process, as `vigil health` computes it (unknown
 * once older than HEALTH_STALE_MS, with its time, so an exited service does
 * not look healthy).
 */
export function serviceSummaries(db: DatabaseSync, w: WindowInfo, now: number, rawPart: { fromMs: number; services: Map<string, RawService> }): ServiceSummary[] {
  const rawFrom = rawPart.fromMs;
  const cells = new Map<string, RollupCell[]>();
  for (const c of rawFrom > w.fromMs ? spanRollups(db, w.fromMs, rawFrom, SERVICE_ROLLUP_PREFIX) : []) cells.set(c.name, [...(cells.get(c.name) ?? []), c]);
  const raw = rawPart.services;
  const out = new Map<string, ServiceSummary>();
  for (const name of new Set([...cells.keys(), ...raw.keys()])) {
    const rolled = cells.get(name) ?? [];
    const r = raw.get(name);
    const exact = percentilesOf(r?.durations ?? []); // already in order: not sorted again
    const count = rolled.reduce((n, c) => n + c.count, 0) + (r?.durations.length ?? 0);
    const errors = rolled.reduce((n, c) => n + c.errors, 0) + (r?.errors ?? 0);
    // Across rolled-up hours percentiles are count-weighted means (see weightedPercentiles); exact when all is raw.
    const { p50, p95, p99 } = rolled.length === 0 ? exact : weightedPercentiles([...rolled, { count: r?.durations.length ?? 0, ...exact }]);
    out.set(name, { name, count, errors, ratePerSec: count / windowSeconds(w), errorRate: count ? errors / count : 0, p50, p95, p99, health: noHealth() });
  }
  for (const h of storedByService(latestCheckResults(db, w.toMs))) {
    // Rows older than migration 9 name no service: they are the whole store's, not one of these.
    if (h.service === null) continue;
    const timeMs = Math.max(...h.checks.map((c) => c.timeMs));
    if (timeMs < w.fromMs) continue;
    const name = h.service;
    const s = out.get(name) ?? { name, count: 0, errors: 0, ratePerSec: 0, errorRate: 0, p50: null, p95: null, p99: null, health: noHealth() };
    const fresh = now - timeMs <= HEALTH_STALE_MS;
    const v = h.verdict;
    s.health = { status: fresh ? v.status : 'unknown', score: fresh ? v.score : null, output: fresh ? (v.output ?? null) : `last heard at ${new Date(timeMs).toISOString()}`, timeMs };
    out.set(name, s);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
