import { existsSync, renameSync, rmSync } from 'node:fs';

/** What went wrong opening the file, decided from SQLite's primary result code. */
export type OpenFault = 'corrupt' | 'locked' | 'readonly' | 'full' | 'cantopen' | 'other';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

export function sqliteCode(err: unknown): number | undefined {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

export function classify(err: unknown): OpenFault {
  switch (sqliteCode(err)) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return 'corrupt';
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return 'locked';
    case SQLITE_READONLY:
      return 'readonly';
    case SQLITE_FULL:
      return 'full';
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return 'cantopen';
    default:
      return 'other';
  }
}

/** Faults after which writing to this handle is pointless until restart (a full disk may recover). */
export function isFatalWriteFault(err: unknown): boolean {
  const f = classify(err);
  return f === 'corrupt' || f === 'readonly' || f === 'cantopen';
}

export function describe(err: unknown): string {
  const e = err as { errstr?: unknown; message?: unknown } | null;
  // message carries the detail ("no such table: spans"); errstr is the generic text of the code.
  if (typeof e?.message === 'string' && e.message) return e.message;
  if (typeof e?.errstr === 'string' && e.errstr) return e.errstr;
  return String(err);
}

/**
 * Moves a corrupt database (and its -wal/-shm, which a fresh file must not
 * inherit) to `<path>.corrupt-<time>` so it can be inspected. Returns the new path.
 */
export function moveAside(path: string, now: Date = new Date()): string {
  const aside = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, aside);
  for (const suffix of ['-wal', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  rmSync(path + '-shm', { force: true });
  return aside;
}
