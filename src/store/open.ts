import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from './sqlite.js';
import { classify, describe, moveAside } from './faults.js';
import { LATEST_VERSION, migrate, NewerSchemaError, userVersion } from './migrations.js';
import type { OpenStoreOptions, ProblemSink, Store } from './types.js';

export const DB_FILE = 'monitoring.db';

function defaultProblem(line: string): void {
  process.stderr.write(`vigil: ${line}\n`);
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

function attemptOpen(path: string, busyTimeoutMs: number): Attempt {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // Before anything that writes (journal_mode rewrites the header): a newer file is never touched.
    const found = userVersion(db);
    if (found > LATEST_VERSION) throw new NewerSchemaError(found, LATEST_VERSION);
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
 * and returns undefined, except for a corrupt file, which is moved aside and
 * replaced by a fresh one.
 */
export function openStore(options: OpenStoreOptions): Store | undefined {
  const problem = onceEach(options.onProblem ?? defaultProblem);
  const dir = resolve(options.dataDir);
  const path = join(dir, DB_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    problem(`cannot use data directory ${dir} (${describe(err)}); SQLite storage is off`);
    return undefined;
  }
  const busy = options.busyTimeoutMs ?? 1000;
  let attempt = attemptOpen(path, busy);
  if ('error' in attempt && !(attempt.error instanceof NewerSchemaError) && classify(attempt.error) === 'corrupt') {
    try {
      const aside = moveAside(path);
      problem(`${path} is not a valid SQLite database (${describe(attempt.error)}); moved it to ${aside} and started a fresh one`);
      attempt = attemptOpen(path, busy);
    } catch (err) {
      problem(`${path} is corrupt and could not be moved aside (${describe(err)}); SQLite storage is off`);
      return undefined;
    }
  }
  if ('error' in attempt) {
    problem(openFailureLine(path, attempt.error));
    return undefined;
  }
  return makeStore(path, attempt.db, options.maxDbMb, problem);
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

function makeStore(path: string, db: DatabaseSync, maxDbMb: number | undefined, problem: ProblemSink): Store {
  let closed = false;
  const closeCallbacks: Array<() => void> = [];
  return {
    path,
    db,
    maxDbMb,
    problem,
    get closed() {
      return closed;
    },
    onClose(callback) {
      closeCallbacks.push(callback);
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
      try {
        db.exec('PRAGMA optimize');
      } catch {
        // best effort
      }
      try {
        db.close();
      } catch {
        // already closed by someone else
      }
    },
  };
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
