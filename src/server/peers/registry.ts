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
  /**
   * The kernel's start time of the process (`/proc/<pid>/stat`, field 22),
   * where there is one: a pid is reused, this pair is not. Undefined elsewhere.
   */
  procStart?: string;
}

/** One run of one process: a worker restarted under a recycled pid is another incarnation. */
export function incarnation(e: Pick<PeerEntry, 'pid' | 'startedAt'>): string {
  return `${e.pid}@${e.startedAt}`;
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

/**
 * Off the list. With `startedAt`, only that incarnation: a worker that
 * registered since under the same pid keeps its entry.
 */
export function unregister(dir: string, pid: number, startedAt?: number): void {
  const file = join(dir, `${pid}.json`);
  if (startedAt !== undefined) {
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as PeerEntry).startedAt !== startedAt) return;
    } catch {
      // unreadable: it is no one's registration
    }
  }
  rmSync(file, { force: true });
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

/** The kernel's start time of a process (clock ticks since boot), or undefined where /proc cannot tell. */
export function procStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ...`: comm may hold spaces and parentheses; the fields follow the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * False when the registered process is known to be gone: no such pid
 * (ESRCH), or the pid now belongs to a process started at another time (a
 * recycled pid). A process of another user counts as alive.
 */
export function isAlive(entry: Pick<PeerEntry, 'pid' | 'procStart'>): boolean {
  try {
    process.kill(entry.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (entry.procStart === undefined) return true;
  const now = procStartOf(entry.pid);
  return now === undefined || now === entry.procStart;
}
