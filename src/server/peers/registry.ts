import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDir } from '../../make-dir.js';

// The processes of one service on one data dir, each a small JSON file
// (`<dataDir>/peers/<service>/<pid>.json`, mode 0600): how the process that
// holds the telemetry port finds the others, whatever started them
// (node:cluster, PM2, systemd units, a shell).

export interface PeerEntry {
  pid: number;
  /** The loopback port of the process's peer endpoint. */
  port: number;
  /** Asked of every request to that endpoint: only processes that can read the data dir can read each other. */
  token: string;
  startedAt: number;
}

export function peersDir(dataDir: string, serviceName: string): string {
  const svc = createHash('sha256').update(serviceName).digest('hex').slice(0, 16);
  return join(dataDir, 'peers', svc);
}

export function register(dir: string, entry: PeerEntry): void {
  makeDir(dir, 0o700);
  const file = join(dir, `${entry.pid}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(entry), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function unregister(dir: string, pid: number): void {
  rmSync(join(dir, `${pid}.json`), { force: true });
}

/** The registered processes; a file that cannot be read is skipped (it may be mid-write). */
export function listPeers(dir: string): PeerEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: PeerEntry[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    try {
      const e = JSON.parse(readFileSync(join(dir, name), 'utf8')) as PeerEntry;
      if (Number.isInteger(e.pid) && Number.isInteger(e.port) && typeof e.token === 'string') out.push(e);
    } catch {
      // mid-write or damaged: next scrape
    }
  }
  return out;
}

/** False only when the process is known to be gone (ESRCH); a process of another user counts as alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
