import type { DatabaseSync } from 'node:sqlite';
import { healthScore } from '../health/score.js';
import { latestValue } from './queries-metrics.js';
import type { CheckSummary, HealthSummary, LiveSources, WindowInfo } from './types.js';

const RANK: Record<string, number> = { pass: 0, warn: 1, fail: 2 };

/** Latest stored result of every check before the window's end. */
export function latestChecks(db: DatabaseSync, w: WindowInfo): CheckSummary[] {
  const rows = db
    .prepare(
      `SELECT h.* FROM health_checks h JOIN (
         SELECT check_name, MAX(time_ms) AS t FROM health_checks WHERE time_ms < ? GROUP BY check_name
       ) l ON h.check_name = l.check_name AND h.time_ms = l.t ORDER BY h.check_name, h.id DESC`,
    )
    .all(w.toMs) as unknown as Array<{
    check_name: string;
    status: string;
    time_ms: number;
    observed_value: number | null;
    observed_unit: string | null;
    output: string | null;
    duration_ms: number | null;
  }>;
  const seen = new Set<string>();
  const out: CheckSummary[] = [];
  for (const r of rows) {
    if (seen.has(r.check_name)) continue;
    seen.add(r.check_name);
    out.push({
      name: r.check_name,
      status: r.status,
      timeMs: Number(r.time_ms),
      observedValue: r.observed_value,
      observedUnit: r.observed_unit,
      output: r.output,
      durationMs: r.duration_ms,
    });
  }
  return out;
}

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

/**
 * The score and checks: the live registry's when the process runs one (it
 * knows which checks are critical); else the latest stored results with the
 * latest recorded `vigil.health.score` gauge (the registry's own score), and
 * only without that a score where every check weighs the same, because the
 * table does not say which checks are critical.
 */
export function healthSummary(db: DatabaseSync, w: WindowInfo, live?: LiveSources): HealthSummary {
  let checks: CheckSummary[] | undefined;
  let score: number | null = null;
  let liveStatus: 'pass' | 'warn' | 'fail' | undefined;
  if (live?.health) {
    try {
      checks = fromLive(live.health).sort((a, b) => a.name.localeCompare(b.name));
      score = live.health.score();
      liveStatus = live.health.status?.();
    } catch {
      checks = undefined;
    }
  }
  if (!checks || checks.length === 0) {
    checks = latestChecks(db, w);
    const recorded = latestValue(db, 'vigil.health.score', w.toMs);
    score = recorded && recorded.timeMs >= w.fromMs ? Math.round(recorded.value) : checks.length ? healthScore(checks.map((c) => ({ status: (c.status in RANK ? c.status : 'fail') as 'pass' | 'warn' | 'fail', critical: false }))) : null;
  }
  let worst = -1;
  for (const c of checks) worst = Math.max(worst, RANK[c.status] ?? 2);
  const status = liveStatus ?? (worst < 0 ? 'unknown' : (['pass', 'warn', 'fail'] as const)[worst]!);
  return { score, status, checks };
}
