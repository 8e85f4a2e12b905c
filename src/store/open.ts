import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeStderr } from '../sdk/output.js';
import { DatabaseSync } from './sqlite.js';
import { classify, describe, moveAside } from './faults.js';
import { LATEST_VERSION, migrate, NewerSchemaError, userVersion } from './migrations.js';
import type { OpenStoreOptions, ProblemSink, Store } from './types.js';
import { makeDir } from '../make-dir.js';

export const DB_FILE = 'monitoring.db';

function defaultProblem(line: string): void {
  writeStderr(`vigil: ${line}`);
}

/** Each distinct line once: a failing exporter must not flood stderr batch after batch. */
function onceEach(sink: ProblemSink): ProblemSink {
  const seen = new Set<string>();
  return (line) => {
    if (seen.has(line)) return;
    seen.add(line);
    try {
      sink(line);
    } catch {
      // a user sink that throws must not take storage down with it
    }
  };
}

type Attempt = { db: DatabaseSync } | { error: unknown };

/** quick_check reads every page (~2 ms/MB here, warm); above this size start-up is not made to wait and run-time detection covers it. */
const QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/** An intact header over damaged pages opens fine and fails every later write: look before using it. */
export class DamagedPagesError extends Error {
  readonly errcode = 11; // SQLITE_CORRUPT, so classify() sees a corrupt file
  constructor(detail: string) {
    super(`database disk image is malformed (${detail})`);
  }
}

export function quickCheck(db: DatabaseSync, path: string): void {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size === 0 || size > QUICK_CHECK_MAX_BYTES) return;
  const rows = db.prepare('PRAGMA quick_check(1)').all() as Array<{ quick_check: string }>;
  const first = rows[0]?.quick_check;
  if (first !== undefined && first !== 'ok') throw new DamagedPagesError(first.replace(/\s+/g, ' ').trim());
}

function attemptOpen(path: string, busyTimeoutMs: number): Attempt {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // Before anything that writes (journal_mode rewrites the header): a newer file is never touched.
    const found = userVersion(db);
    if (found > LATEST_VERSION) throw new NewerSchemaError(found, LATEST_VERSION);
    quickCheck(db, path);
    // Only takes effect before the first table exists, i.e. on a fresh file.
    db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    db.exec('PRAGMA journal_mode = WAL');
    // WAL + NORMAL: a crash loses at most the last commits, never corrupts.
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db);
    return { db };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // already unusable
    }
    return { error };
  }
}

/**
 * Opens (creating when needed) `<dataDir>/monitoring.db` for writing and
 * migrates it. Never throws: on a fault it reports one line naming the path
 * and returns undefined, except for a corrupt or damaged file, which is
 * moved aside and replaced by a fresh one (also later, see Store.replaceDamaged).
 */
export function openStore(options: OpenStoreOptions): Store | undefined {
  const sink = options.onProblem ?? defaultProblem;
  const problem = onceEach(sink);
  const dir = resolve(options.dataDir);
  const path = join(dir, DB_FILE);
  try {
    makeDir(dir);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    problem(`cannot use data directory ${dir} (${describe(err)}); SQLite storage is off`);
    return undefined;
  }
  const busy = options.busyTimeoutMs ?? 1000;
  const first = attemptOpen(path, busy);
  const db = 'db' in first ? first.db : reopenAside(path, busy, first.error, problem);
  if (!db) return undefined;
  return makeStore({ path, db, busy, maxDbMb: options.maxDbMb, problem, report: safeSink(sink) });
}

const isCorrupt = (err: unknown): boolean => !(err instanceof NewerSchemaError) && classify(err) === 'corrupt';

/** After a failed open: a corrupt file is moved aside and a fresh one opened; anything else is one line and undefined. */
function reopenAside(path: string, busy: number, error: unknown, problem: ProblemSink): DatabaseSync | undefined {
  if (!isCorrupt(error)) {
    problem(openFailureLine(path, error));
    return undefined;
  }
  if (!setAside(path, error, problem)) return undefined;
  const again = attemptOpen(path, busy);
  if ('db' in again) return again.db;
  problem(openFailureLine(path, again.error));
  return undefined;
}

function setAside(path: string, error: unknown, problem: ProblemSink): boolean {
  try {
    const aside = moveAside(path);
    problem(`${path} is not a valid SQLite database (${describe(error)}); moved it to ${aside} and started a fresh one`);
    return true;
  } catch (err) {
    problem(`${path} is corrupt and could not be moved aside (${describe(err)}); SQLite storage is off`);
    return false;
  }
}

function openFailureLine(path: string, err: unknown): string {
  if (err instanceof NewerSchemaError) {
    return `${path} has schema version ${err.found}, newer than this Vigil knows (${err.known}); refusing to touch it, SQLite storage is off`;
  }
  switch (classify(err)) {
    case 'locked':
      return `${path} is locked by another process (${describe(err)}); SQLite storage is off`;
    case 'readonly':
      return `${path} is read-only (${describe(err)}); SQLite storage is off`;
    case 'full':
      return `disk full while opening ${path} (${describe(err)}); SQLite storage is off`;
    default:
      return `cannot open ${path} (${describe(err)}); SQLite storage is off`;
  }
}

function safeSink(sink: ProblemSink): ProblemSink {
  return (line) => {
    try {
      sink(line);
    } catch {
      // a user sink that throws must not take storage down with it
    }
  };
}

interface StoreParts {
  path: string;
  db: DatabaseSync;
  busy: number;
  maxDbMb: number | undefined;
  problem: ProblemSink;
  report: ProblemSink;
}

function closeQuietly(db: DatabaseSync, optimize: boolean): void {
  if (optimize) {
    try {
      db.exec('PRAGMA optimize');
    } catch {
      // best effort
    }
  }
  try {
    db.close();
  } catch {
    // already closed by someone else
  }
}

function makeStore(parts: StoreParts): Store {
  const { path, busy, maxDbMb, problem, report } = parts;
  let db = parts.db;
  let closed = false;
  let generation = 0;
  const closeCallbacks: Array<() => void> = [];
  const reopenCallbacks: Array<(db: DatabaseSync) => void> = [];
  const store: Store = {
    path,
    get db() {
      return db;
    },
    maxDbMb,
    problem,
    report,
    get closed() {
      return closed;
    },
    get generation() {
      return generation;
    },
    onClose(callback) {
      closeCallbacks.push(callback);
    },
    onReopen(callback) {
      reopenCallbacks.push(callback);
    },
    replaceDamaged(error) {
      if (closed) return false;
      closeQuietly(db, false);
      const fresh = setAside(path, error, problem) ? attemptOpen(path, busy) : undefined;
      if (!fresh || 'error' in fresh) {
        if (fresh) problem(openFailureLine(path, fresh.error));
        store.close();
        return false;
      }
      db = fresh.db;
      generation++;
      for (const cb of reopenCallbacks) {
        try {
          cb(db);
        } catch {
          // a room that cannot follow the new file must not stop the others
        }
      }
      return true;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const cb of closeCallbacks.splice(0)) {
        try {
          cb();
        } catch {
          // one failing callback must not keep the file open
        }
      }
      closeQuietly(db, true);
    },
  };
  return store;
}

/**
 * A read-only handle for the dashboard, CLI and other processes; works while
 * a writer runs (WAL). Throws when the file does not exist or is unreadable:
 * readers are commands that can explain that to the user.
 */
export function openReadOnly(path: string, busyTimeoutMs = 5000): DatabaseSync {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  const db = new DatabaseSync(path, { readOnly: true });
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return db;
}
