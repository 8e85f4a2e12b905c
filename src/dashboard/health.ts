import type { DatabaseSync } from 'node:sqlite';
import { storedByService, storedOverall } from '../health/stored.js';
import { latestCheckResults } from '../store/index.js';
import type { CheckSummary, HealthSummary, LiveSources, WindowInfo } from './types.js';

type LiveResult = ReturnType<NonNullable<LiveSources['health']>['results']>[number];

function fromLive(results: LiveResult[]): CheckSummary[] {
  return results.map((r) => {
    const v = r.result.observedValue;
    return {
      name: r.name,
      status: r.result.status,
      timeMs: r.timeMs,
      observedValue: typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'boolean' ? Number(v) : null,
      observedUnit: r.result.observedUnit ?? null,
      output: r.result.output ?? null,
      durationMs: r.durationMs,
    };
  });
}

/** The running registry's view, or undefined when there is none (or it has no results yet, or fails). */
export function liveHealthSummary(live?: LiveSources): HealthSummary | undefined {
  if (!live?.health) return undefined;
  try {
    const checks = fromLive(live.health.results()).sort((a, b) => a.name.localeCompare(b.name));
    if (checks.length === 0) return undefined;
    const v = live.health.verdict();
    return { score: v.score, status: v.status, checks };
  } catch {
    return undefined;
  }
}

/**
 * The whole service's view, when the process holds the port for several
 * (cluster workers): every process's checks, named with their pid, in the
 * one computation. Else, or if asking the others fails, this process's.
 */
export async function fleetHealthSummary(live?: LiveSources): Promise<HealthSummary | undefined> {
  const fleet = live?.health?.fleet;
  if (!fleet) return liveHealthSummary(live);
  try {
    const f = await fleet();
    if (f.results.length === 0) return undefined;
    return { score: f.verdict.score, status: f.verdict.status, checks: fromLive(f.results).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch {
    return liveHealthSummary(live);
  }
}

/**
 * The score and checks: the live registry's when the process runs one, else
 * the latest stored results; both through the one computation of /health
 * (health/verdict.ts), so the dashboard never disagrees with /health or the CLI.
 */
export function healthSummary(db: DatabaseSync, w: WindowInfo, live?: LiveSources): HealthSummary {
  const fromRegistry = liveHealthSummary(live);
  if (fromRegistry) return fromRegistry;
  // Per service and process, each named as live /health names it (health/stored.ts).
  const { verdict: v, checks } = storedOverall(storedByService(latestCheckResults(db, w.toMs)));
  return { score: v?.score ?? null, status: v?.status ?? 'unknown', checks: checks.map(({ critical: _c, label, ...c }) => ({ ...c, name: label })) };
}
