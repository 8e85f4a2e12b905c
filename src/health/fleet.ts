import type { CachedResult, CheckMeta, FleetEntry, PeerHealth } from './types.js';

// The checks of several processes of one service (cluster workers), seen as
// one: the process holding the telemetry port asks the others for their
// latest results and puts every one into the one computation (verdict.ts),
// each named with its process, so a check failing in one worker fails the
// service's /health and says which worker.

export const NOT_ANSWERING: CheckMeta = { name: 'process', component: 'process', measurement: 'responding', componentType: 'system', critical: false };

/** The check's name in outputs: `disk (pid 4242)` once several processes report (live, and from stored rows: stored.ts). */
export function fleetName(e: { check: { name: string }; pid?: number | undefined }): string {
  return e.pid === undefined ? e.check.name : `${e.check.name} (pid ${e.pid})`;
}

/**
 * This process's entries and its peers', each named with its pid when
 * there is more than one process. A peer that did not answer counts as a
 * warning of its own (non-critical: a busy worker is not a failed service)
 * and its last known results stay in, so a failure it had is not hidden by
 * its silence. Processes that have exited are not among the peers.
 */
export function fleetEntries(own: Array<{ check: CheckMeta; last: CachedResult }>, peers: PeerHealth[], pid = process.pid, now = Date.now()): FleetEntry[] {
  if (peers.length === 0) return own;
  const out: FleetEntry[] = own.map((e) => ({ ...e, pid }));
  for (const p of [...peers].sort((a, b) => a.pid - b.pid)) {
    for (const e of p.health?.checks ?? []) out.push({ check: e.check, last: e.last, pid: p.pid });
    if (!p.answered) {
      const output = p.health ? 'did not answer in time; its last results are shown' : 'did not answer in time; nothing known of its checks';
      out.push({ check: NOT_ANSWERING, last: { name: NOT_ANSWERING.name, result: { status: 'warn', output }, timeMs: now, durationMs: 0 }, pid: p.pid });
    }
  }
  return out;
}
