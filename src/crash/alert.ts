import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { DatabaseSync } from 'node:sqlite';
import type { CrashAlert, CrashAlertInput, CrashReport } from './types.js';
import { crashesDir, insertCrashRow } from './write.js';

/** A crash older than this is not sent at a later start: a page days after the fact is noise. */
export const PENDING_CRASH_ALERT_MAX_AGE_MS = 7 * 24 * 3_600_000;

/**
 * Sends one crash and marks it delivered (`crash_reports.alerted_ms`), so the
 * next start does not send it again. Several processes may share a data dir
 * (cluster, PM2): the row is claimed first (`alerted_ms` = minus the pid), so
 * only one of them sends it; a failed send releases the claim, and a claim
 * whose process is gone (it died sending, e.g. the crashing process itself)
 * is free to take. Never rejects. Returns whether it was delivered.
 */
export async function alertCrash(crash: CrashAlertInput, alert: CrashAlert | undefined, db: DatabaseSync | undefined): Promise<boolean> {
  if (!alert) return false;
  const claim = claimCrash(db, crash.id);
  if (claim === null) return false; // another process is sending it, or did
  let delivered = false;
  try {
    delivered = await alert(crash);
  } catch (err) {
    diag.warn(`vigil: crash ${crash.id} not alerted: ${(err as Error).message}`);
  }
  setAlerted(db, crash.id, claim, delivered ? Date.now() : null);
  return delivered;
}

// Crashes this process is sending now. A claim with our pid that is not here was left by an
// earlier process with the same pid (a container's app is always pid 1), which is gone.
const claimedHere = new Set<string>();

/** Whether the process behind a claim may still be sending. */
function claimLive(pid: number, id: string): boolean {
  if (pid === process.pid) return claimedHere.has(id);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The claim's value, undefined without a row to claim (no store yet: send anyway), null when taken. */
function claimCrash(db: DatabaseSync | undefined, id: string): number | undefined | null {
  if (!db) return undefined;
  try {
    const row = db.prepare('SELECT alerted_ms FROM crash_reports WHERE id = ?').get(id) as { alerted_ms: number | null } | undefined;
    if (!row) return undefined;
    const was = row.alerted_ms;
    if (was !== null && (was > 0 || claimLive(-was, id))) return null;
    // Compare-and-set: of two processes that read the same value, one wins.
    const r = db.prepare('UPDATE crash_reports SET alerted_ms = ? WHERE id = ? AND alerted_ms IS ?').run(-process.pid, id, was);
    if (Number(r.changes) !== 1) return null;
    claimedHere.add(id);
    return -process.pid;
  } catch (err) {
    diag.warn(`vigil: crash ${id}: cannot claim its alert in the store: ${(err as Error).message}`);
    return undefined;
  }
}

function setAlerted(db: DatabaseSync | undefined, id: string, claim: number | undefined, value: number | null): void {
  claimedHere.delete(id);
  if (!db || claim === undefined) return;
  try {
    db.prepare('UPDATE crash_reports SET alerted_ms = ? WHERE id = ? AND alerted_ms = ?').run(value, id, claim);
  } catch (err) {
    diag.warn(`vigil: crash ${id} ${value === null ? 'not alerted' : 'alerted'}, but not marked in the store: ${(err as Error).message}`);
  }
}

interface PendingRow {
  id: string;
  type: string | null;
  message: string | null;
  time_ms: number;
  alerted_ms: number | null;
}

/** Crash files of the last week; unreadable or half-written ones are skipped. */
async function recentCrashFiles(dataDir: string, since: number): Promise<Array<{ report: CrashReport; file: string }>> {
  const dir = crashesDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return []; // No crashes directory: nothing ever crashed here.
  }
  const out: Array<{ report: CrashReport; file: string }> = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      const report = JSON.parse(await readFile(file, 'utf8')) as CrashReport;
      if (typeof report.id === 'string' && typeof report.time_ms === 'number' && report.time_ms >= since) out.push({ report, file });
    } catch {
      diag.debug(`vigil: skipping unreadable crash report ${file}`);
    }
  }
  return out;
}

/**
 * At start: crashes whose alert did not get out before the process died (the
 * channel was down, the flush ran out of time, the store was not open yet)
 * are sent now, once each, oldest first. The crash files are the record; a
 * crash missing from `crash_reports` is stored first, so it can be marked.
 * Without a store there is nowhere to mark a crash sent, so none is sent.
 * Never rejects.
 */
export async function alertPendingCrashes(opts: { dataDir: string; db: DatabaseSync | undefined; alert: CrashAlert; now?: number }): Promise<number> {
  const { db } = opts;
  if (!db) return 0;
  let sent = 0;
  try {
    const since = (opts.now ?? Date.now()) - PENDING_CRASH_ALERT_MAX_AGE_MS;
    const rows = new Map<string, PendingRow>();
    for (const r of db.prepare('SELECT id, type, message, time_ms, alerted_ms FROM crash_reports WHERE time_ms >= ?').all(since) as unknown as PendingRow[]) rows.set(r.id, r);
    for (const { report, file } of await recentCrashFiles(opts.dataDir, since)) {
      if (rows.has(report.id)) continue;
      if (insertCrashRow(db, report, file)) rows.set(report.id, { id: report.id, type: report.error?.type ?? null, message: report.error?.message ?? null, time_ms: report.time_ms, alerted_ms: null });
    }
    // Unsent, or claimed by a process that may have died while sending (alertCrash decides).
    const pending = [...rows.values()].filter((r) => r.alerted_ms === null || r.alerted_ms < 0).sort((a, b) => a.time_ms - b.time_ms);
    for (const r of pending) {
      if (await alertCrash({ id: r.id, type: r.type ?? 'Error', message: r.message ?? '' }, opts.alert, db)) sent++;
    }
  } catch (err) {
    diag.warn(`vigil: pending crash alerts not sent: ${(err as Error).message}`);
  }
  return sent;
}
