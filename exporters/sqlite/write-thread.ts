/**
 * Worker-thread entry of the SQLite exporters: its own connection to the
 * store's file, one transaction per batch. A 512-span batch took 6-20 ms of
 * insert time on the main thread on this 2-core machine (WAL checkpoints
 * make the tail), so the insert runs here and the app's loop only pays for
 * building the rows and posting them.
 *
 * Imports only node builtins so the same file runs from dist/ (.js) and,
 * through Node's type stripping, from the sources in tests (.ts).
 */
// A worker entry, started only on a Node that has node:sqlite: a static import is safe here.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

export interface WriteRequest {
  id: number;
  sql: string;
  rows: ReadonlyArray<Array<string | number | null>>;
}

export interface WriteReply {
  id: number;
  ok: boolean;
  message?: string;
  errcode?: number;
}

interface ThreadInit {
  path: string;
  busyTimeoutMs: number;
}

const init = workerData as ThreadInit;
let db: DatabaseSync | undefined;
const statements = new Map<string, StatementSync>();

function connection(): DatabaseSync {
  if (!db) {
    db = new DatabaseSync(init.path);
    db.exec(`PRAGMA busy_timeout = ${init.busyTimeoutMs}`);
    db.exec('PRAGMA synchronous = NORMAL');
  }
  return db;
}

function write(req: WriteRequest): WriteReply {
  try {
    const conn = connection();
    let stmt = statements.get(req.sql);
    if (!stmt) {
      stmt = conn.prepare(req.sql);
      statements.set(req.sql, stmt);
    }
    conn.exec('BEGIN IMMEDIATE');
    try {
      for (const row of req.rows) stmt.run(...row);
      conn.exec('COMMIT');
    } catch (err) {
      try {
        conn.exec('ROLLBACK');
      } catch {
        // SQLite already rolled back (e.g. disk full)
      }
      throw err;
    }
    return { id: req.id, ok: true };
  } catch (err) {
    const e = err as { errstr?: string; message?: string; errcode?: number };
    return { id: req.id, ok: false, message: e.message || e.errstr || String(err), errcode: e.errcode };
  }
}

parentPort?.on('message', (msg: WriteRequest | 'close') => {
  if (msg === 'close') {
    try {
      db?.close();
    } catch {
      // closing is best effort
    }
    db = undefined;
    statements.clear();
    parentPort?.postMessage('closed');
    return;
  }
  parentPort?.postMessage(write(msg));
});
