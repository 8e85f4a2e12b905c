import type { DatabaseSync } from 'node:sqlite';
import { healthScore } from '../health/score.js';
import { latestCheckResults, latestValue } from '../store/index.js';
import type { CheckSummary, HealthSummary, LiveSources, WindowInfo } from './types.js';

const RANK: Record<string, number> = { pass: 0, warn: 1, fail: 2 };

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
    return { score: live.health.score(), status: live.health.status?.() ?? worstOf(checks), checks };
  } catch {
    return undefined;
  }
}

function worstOf(checks: readonly CheckSummary[]): HealthSummary['status'] {
  let worst = -1;
  for (const c of checks) worst = Math.max(worst, RANK[c.status] ?? 2);
  return worst < 0 ? 'unknown' : (['pass', 'warn', 'fail'] as const)[worst]!;
}

/**
 * The score and checks: the live registry's when the process runs one (it
 * knows which checks are critical); else the latest stored results with the
 * latest recorded `vigil.health.score` gauge (the registry's own score), and
 * only without that a score where every check weighs the same, because the
 * table does not say which checks are critical.
 */
export function healthSummary(db: DatabaseSync, w: WindowInfo, live?: LiveSources): HealthSummary {
  const fromRegistry = liveHealthSummary(live);
  if (fromRegistry) return fromRegistry;
  const checks = latestCheckResults(db, w.toMs);
  const recorded = latestValue(db, 'vigil.health.score', w.toMs);
  const score = recorded && recorded.timeMs >= w.fromMs ? Math.round(recorded.value) : checks.length ? healthScore(checks.map((c) => ({ status: (c.status in RANK ? c.status : 'fail') as 'pass' | 'warn' | 'fail', critical: false }))) : null;
  return { score, status: worstOf(checks), checks };
}
