import { DatabaseSync } from '../../store/sqlite.js';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS } from './defaults.js';
import { databaseCheck } from './database.js';

export interface SqliteFileCheckOptions extends CheckOptions {
  /** The application's SQLite file, opened read-only for each run. */
  path: string;
  slowMs?: number;
}

/**
 * The application's SQLite database by path (for the config file, which
 * cannot hand over a connection). Opened read-only per run and closed again,
 * so the check holds no lock between runs.
 */
export function sqliteFileCheck(o: SqliteFileCheckOptions): HealthCheck {
  const check = databaseCheck({
    ...o,
    interval: o.interval ?? INTERVALS.database,
    db: () => {
      const db = new DatabaseSync(o.path, { readOnly: true });
      try {
        db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
      } finally {
        db.close();
      }
    },
  });
  return { ...check, componentId: o.path };
}
