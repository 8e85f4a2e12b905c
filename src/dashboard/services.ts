import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { HEALTH_STALE_MS, readServiceHealth } from '../server/peers/service-health.js';
import { serviceRoots } from '../store/queries/services.js';
import { percentilesOf } from './stats.js';
import { windowSeconds } from './window.js';
import type { ServiceSummary, WindowInfo } from './types.js';

/** The directory of the database file, where the services' published health lies; undefined for an in-memory one. */
function dataDirOf(db: DatabaseSync): string | undefined {
  try {
    const main = (db.prepare('PRAGMA database_list').all() as Array<{ name: string; file: string }>).find((d) => d.name === 'main');
    return main?.file ? dirname(main.file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The services of the data dir side by side: requests, failed requests and
 * latency from the spans by `service.name`, health as each service's
 * telemetry port holder last published it (unknown once older than
 * HEALTH_STALE_MS, with its time, so an exited service does not look healthy).
 */
export function serviceSummaries(db: DatabaseSync, w: WindowInfo, now: number): ServiceSummary[] {
  const dir = dataDirOf(db);
  const published = dir ? readServiceHealth(dir) : new Map();
  const out = new Map<string, ServiceSummary>();
  for (const r of serviceRoots(db, w.fromMs, w.toMs)) {
    const count = r.durations.length;
    const { p50, p95, p99 } = percentilesOf(r.durations);
    out.set(r.service, { name: r.service, count, errors: r.errors, ratePerSec: count / windowSeconds(w), errorRate: count ? r.errors / count : 0, p50, p95, p99, health: { status: 'unknown', score: null, output: null, timeMs: null } });
  }
  for (const [name, h] of published) {
    if (h.timeMs < w.fromMs) continue;
    const s = out.get(name) ?? { name, count: 0, errors: 0, ratePerSec: 0, errorRate: 0, p50: null, p95: null, p99: null, health: { status: 'unknown', score: null, output: null, timeMs: null } };
    const fresh = now - h.timeMs <= HEALTH_STALE_MS;
    s.health = { status: fresh ? h.status : 'unknown', score: fresh ? h.score : null, output: fresh ? (h.output ?? null) : `last heard at ${new Date(h.timeMs).toISOString()}`, timeMs: h.timeMs };
    out.set(name, s);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
