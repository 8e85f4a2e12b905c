import type { DatabaseSync } from 'node:sqlite';
import { storedByService, storedOverall } from '../../health/stored.js';
import type { NamedCheck } from '../../health/stored.js';
import type { CheckStatus, Verdict } from '../../health/types.js';
import { checkStatusCounts, latestCheckResults } from '../../store/index.js';

export interface CheckRow extends NamedCheck {
  /** Share of pass+warn results of this check in its process in the window, percent. */
  availability: number;
  failures: number;
}

interface Status {
  /** From the latest stored result of each check of each process, by the same computation as /health (health/verdict.ts). */
  score: number | null;
  status: CheckStatus | 'unknown';
  /** Why, when not passing: `check (pid N): output; ...`, as /health says it. */
  output?: string;
}

export interface ServiceView extends Status {
  service: string | null;
  /** The processes whose rows count (several: checks are named with their pid). */
  pids: number[];
  lastCheckMs: number;
}

export interface HealthView extends Status {
  /** Time of the newest check result: an offline copy may be hours old. */
  lastCheckMs: number | null;
  services: ServiceView[];
  checks: CheckRow[];
}

function status(v: Verdict | undefined): Status {
  return { score: v?.score ?? null, status: v?.status ?? 'unknown', ...(v?.output !== undefined ? { output: v.output } : {}) };
}

/** Every service's (or one's) latest results per process and check, their verdicts, and availability over the window. */
export function readHealth(db: DatabaseSync, windowMs: number, opts: { service?: string; now?: number } = {}): HealthView {
  const latest = latestCheckResults(db).filter((r) => opts.service === undefined || r.service === opts.service);
  const counts = checkStatusCounts(db, (opts.now ?? Date.now()) - windowMs);
  const services = storedByService(latest);
  const overall = storedOverall(services);
  const checks = overall.checks.map((r): CheckRow => {
    const mine = counts.filter((c) => c.name === r.name && c.service === (r.service ?? null) && c.pid === (r.pid ?? null));
    const total = mine.reduce((a, c) => a + c.count, 0);
    const failures = mine.filter((c) => c.status === 'fail').reduce((a, c) => a + c.count, 0);
    return { ...r, availability: total === 0 ? 100 : Math.round((1000 * (total - failures)) / total) / 10, failures };
  });
  return {
    ...status(overall.verdict),
    lastCheckMs: checks.length > 0 ? Math.max(...checks.map((c) => c.timeMs)) : null,
    services: services.map((s) => ({ service: s.service, pids: s.pids, ...status(s.verdict), lastCheckMs: Math.max(...s.checks.map((c) => c.timeMs)) })),
    checks,
  };
}
