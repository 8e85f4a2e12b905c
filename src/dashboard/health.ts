import type { DatabaseSync } from 'node:sqlite';
import { storedVerdict } from '../health/verdict.js';
import { latestCheckResults } from '../store/index.js';
import type { CheckSummary, HealthSummary, LiveSources, WindowInfo } from './types.js';

function fromLive(live: NonNullable<LiveSources['health']>): CheckSummary[] {
  return live.results().map((r) => {
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
    const checks = fromLive(live.health).sort((a, b) => a.name.localeCompare(b.name));
    if (checks.length === 0) return undefined;
    const v = live.health.verdict();
    return { score: v.score, status: v.status, checks };
  } catch {
    return undefined;
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
  const stored = latestCheckResults(db, w.toMs);
  const v = storedVerdict(stored);
  return { score: v?.score ?? null, status: v?.status ?? 'unknown', checks: stored.map(({ critical: _c, ...c }) => c) };
}
