import type { CheckRecord } from '../store/queries/health.js';
import { fleetName } from './fleet.js';
import type { Verdict } from './types.js';
import { storedVerdict } from './verdict.js';

// Stored results seen as live /health sees them: one verdict per service
// over the latest row of each of its processes' checks, a check named with
// its pid once a service has several processes (the naming of fleet.ts), so
// a passing worker's row cannot hide a failing worker's.

/** A stored check named for outputs: `disk (pid 4242)` when its service has several processes. */
export type NamedCheck = CheckRecord & { label: string };

export interface StoredServiceHealth {
  /** `service.name`; null for rows written before the column existed. */
  service: string | null;
  /** The processes that count, ascending; empty for old rows. */
  pids: number[];
  verdict: Verdict;
  checks: NamedCheck[];
}

/** Per service, sorted by name (old unnamed rows last), each through the one verdict(). */
export function storedByService(records: readonly CheckRecord[]): StoredServiceHealth[] {
  const by = new Map<string | null, CheckRecord[]>();
  for (const r of records) {
    const key = r.service ?? null;
    by.set(key, [...(by.get(key) ?? []), r]);
  }
  const out: StoredServiceHealth[] = [];
  for (const [service, rows] of by) {
    const pids = [...new Set(rows.flatMap((r) => (r.pid == null ? [] : [r.pid])))].sort((a, b) => a - b);
    const checks = rows.map((r) => ({ ...r, label: pids.length > 1 ? fleetName({ check: r, pid: r.pid ?? undefined }) : r.name }));
    out.push({ service, pids, verdict: storedVerdict(checks.map((c) => ({ ...c, name: c.label })))!, checks });
  }
  return out.sort((a, b) => (a.service === null ? 1 : b.service === null ? -1 : a.service.localeCompare(b.service)));
}

/**
 * The whole store's verdict: every service's named checks in one verdict(),
 * prefixed `service/` when there are several services. undefined without rows.
 */
export function storedOverall(services: readonly StoredServiceHealth[]): { verdict: Verdict | undefined; checks: NamedCheck[] } {
  const several = services.length > 1;
  const checks = services.flatMap((s) => s.checks.map((c) => ({ ...c, label: several ? `${s.service ?? 'unknown_service'}/${c.label}` : c.label })));
  return { verdict: storedVerdict(checks.map((c) => ({ ...c, name: c.label }))), checks };
}
