import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { DatabaseSync } from 'node:sqlite';
import type { CrashReport } from './types.js';
import { makeDir } from '../make-dir.js';

/** `2026-11-22T08:01:10.123Z` → `2026-11-22T08-01-10-123Z`: valid on every file system. */
export function fileStamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

export function crashesDir(dataDir: string): string {
  return join(dataDir, 'crashes');
}

/**
 * Writes the report synchronously, whole or not at all (temp file, then
 * rename), so a crash file is never half-written. Returns its path.
 */
export function writeCrashFile(report: CrashReport, dataDir: string): string {
  const dir = crashesDir(dataDir);
  makeDir(dir);
  const file = join(dir, `${fileStamp(report.time)}-${report.id}.json`);
  const tmp = `${file}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    // A full disk leaves an empty temp file behind; it would only mislead whoever reads the folder.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the original error is the one worth reporting
    }
    throw err;
  }
  return file;
}

/** Inserts the report into `crash_reports`; a missing table or closed handle is logged, not thrown. */
export function insertCrashRow(db: DatabaseSync | undefined, report: CrashReport, file: string | undefined): boolean {
  if (!db) return false;
  try {
    db.prepare(
      'INSERT INTO crash_reports (id, time_ms, type, message, stack, report, file, sent_ms) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
    ).run(report.id, report.time_ms, report.error.type, report.error.message, report.error.stack, JSON.stringify(report), file ?? null);
    return true;
  } catch (err) {
    diag.warn(`vigil: could not store crash report ${report.id}: ${(err as Error).message}`);
    return false;
  }
}
