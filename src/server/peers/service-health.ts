import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Each service's last known health, for the services that share a data dir:
// the process holding a service's telemetry port writes its whole-service
// verdict to `<dataDir>/peers/<service>/health.json` every HEALTH_PUBLISH_MS,
// and any reader of the data dir (another service's dashboard, `vigil
// report`) shows it beside that service's requests. A file, not a table:
// `health_checks` rows carry no service, and a schema change is not needed
// for a figure that only matters while it is fresh.

export const HEALTH_PUBLISH_MS = 15_000;
/** Older than this, a service's published health is shown as unknown (its processes are gone or stuck). */
export const HEALTH_STALE_MS = 4 * HEALTH_PUBLISH_MS;

export interface ServiceHealthRecord {
  service: string;
  status: 'pass' | 'warn' | 'fail';
  score: number;
  output?: string;
  timeMs: number;
  /** The process that wrote it (the holder of the service's telemetry port). */
  pid: number;
}

export function publishServiceHealth(dir: string, record: ServiceHealthRecord): void {
  const file = join(dir, 'health.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Every service's published health under a data dir, by service name; unreadable files are skipped. */
export function readServiceHealth(dataDir: string): Map<string, ServiceHealthRecord> {
  const out = new Map<string, ServiceHealthRecord>();
  let dirs: string[];
  try {
    dirs = readdirSync(join(dataDir, 'peers'));
  } catch {
    return out;
  }
  for (const d of dirs) {
    try {
      const r = JSON.parse(readFileSync(join(dataDir, 'peers', d, 'health.json'), 'utf8')) as ServiceHealthRecord;
      if (typeof r.service !== 'string' || !Number.isFinite(r.timeMs)) continue;
      const have = out.get(r.service);
      if (!have || have.timeMs < r.timeMs) out.set(r.service, r);
    } catch {
      // none published (a service without a telemetry port), or mid-write
    }
  }
  return out;
}
