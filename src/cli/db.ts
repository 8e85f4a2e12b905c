import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from '../store/sqlite.js';
import { describe } from '../store/faults.js';
import { DB_FILE, migrate, NewerSchemaError, openReadOnly } from '../store/index.js';
import { CliError } from './errors.js';

/** `--db`, else `$VIGIL_DATA_DIR/monitoring.db`, else `./data/monitoring.db`. */
export function resolveDbPath(db: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (db) return resolve(db);
  return resolve(join(env['VIGIL_DATA_DIR'] || './data', DB_FILE));
}

/** Tables every command relies on; a SQLite file without them is not a Vigil database. */
const REQUIRED = ['spans', 'metrics', 'errors', 'alerts', 'health_checks'];

function mustExist(path: string): void {
  if (!existsSync(path)) throw new CliError(`no database at ${path} (give --db PATH or set VIGIL_DATA_DIR)`);
  if (statSync(path).isDirectory()) throw new CliError(`${path} is a directory, not a database file (give --db PATH/monitoring.db)`);
}

/** Forces SQLite to read the header and schema, so a corrupt file fails here with one clear line. */
function checkVigil(db: DatabaseSync, path: string): void {
  let names: Set<string>;
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as Array<{ name: string }>;
    names = new Set(rows.map((r) => r.name));
  } catch (err) {
    throw new CliError(`${path} is not a valid SQLite database (${describe(err)})`);
  }
  const missing = REQUIRED.filter((t) => !names.has(t));
  if (missing.length > 0) throw new CliError(`${path} is not a Vigil database (no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''})`);
}

/** Read-only handle for the reporting commands; works while the application writes (WAL). */
export function openForRead(path: string): DatabaseSync {
  mustExist(path);
  let db: DatabaseSync;
  try {
    db = openReadOnly(path);
  } catch (err) {
    throw new CliError(`cannot open ${path} (${describe(err)})`);
  }
  try {
    checkVigil(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Writer handle for cleanup, aggregate, silence and error status changes.
 * Unlike the application's openStore, a corrupt file is refused, never moved
 * aside: the CLI must not replace a clinic's database with an empty one.
 * Migrates an older schema forward, as the application would on its next start.
 */
export function openForWrite(path: string): DatabaseSync {
  openForRead(path).close();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    // The application may be writing: wait for its short transactions rather than fail.
    db.exec('PRAGMA busy_timeout = 10000');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof NewerSchemaError) throw new CliError(`${path} has schema version ${err.found}, newer than this vigil knows (${err.known}); use a newer vigil`);
    throw new CliError(`cannot open ${path} for writing (${describe(err)})`);
  }
}
