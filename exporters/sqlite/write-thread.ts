/**
 * Worker-thread entry of the SQLite exporters: its own connection to the
 * store's file, one transaction per batch. A 512-span batch took 6-20 ms of
 * insert time on the main thread on this 2-core machine (WAL checkpoints
 * make the tail), so the insert runs here and the app's loop only pays for
 * building the rows and posting them.
 *
 * A batch that meets a lock (a backup, `sqlite3`, a second process) is
 * retried with backoff until it commits or the main thread asks the thread
 * to stop; the main thread bounds how much waits meanwhile. With a size cap,
 * the files are brought back under it after each commit.
 *
 * Imports only node builtins statically, so the same file runs from dist/
 * (.js) and, through Node's type stripping, from the sources in tests (.ts);
 * the size cap is loaded from dist/ only.
 */
// A worker entry, started only on a Node that has node:sqlite: a static import is safe here.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { keepUnderCap as KeepUnderCap } from '../../src/store/size-cap.js';
import type { MaintenanceJob } from '../../src/store/maintenance-job.js';

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
  /** Sent before the final reply when a batch first meets a lock: it is being retried. */
  retrying?: boolean;
  /** With `retrying`: a short wait so far (the SDK is answered, nothing said yet). */
  quiet?: boolean;
  /** Raw rows deleted after this batch to keep the files under the size cap. */
  capDropped?: number;
}

export interface ThreadInit {
  path: string;
  /** Per attempt; short so a stop request is seen quickly. */
  busyTimeoutMs: number;
  /** Shared with the main thread as an Int32Array; `slots` names its cells. */
  control: SharedArrayBuffer;
  slots: { stop: number; settled: number; busy: number; upTo: number };
  /** Bytes the database and its WAL may take (VIGIL_MAX_DB_MB); 0: no cap. */
  maxBytes: number;
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const MAX_BACKOFF_MS = 1000;
const ANNOUNCE_AFTER_MS = 1000;

const init = workerData as ThreadInit;
const control = new Int32Array(init.control);
const { stop: STOP, settled: SETTLED, busy: BUSY, upTo: UP_TO } = init.slots;
/**
 * Batches already waiting for the thread are written in one transaction, up
 * to this many rows: a commit rewrites the indexes' right-edge pages to the
 * WAL, so under load (small hand-offs queuing up) fewer, larger
 * transactions insert faster (bench/writer.mjs); a lone batch commits at
 * once. No more than the 512 spans a transaction held before: writers on
 * the main handle (health history, errors) wait for this lock on the
 * application's thread: with 2,048-row groups bench/overhead.mjs's longest
 * task was 25–92 ms, with 512 5.2–5.4 ms.
 */
const GROUP_ROWS = 512;
let db: DatabaseSync | undefined;
const statements = new Map<string, StatementSync>();
let keepUnderCap: typeof KeepUnderCap | undefined;
if (init.maxBytes > 0) {
  try {
    ({ keepUnderCap } = await import('../../src/store/size-cap.js'));
  } catch {
    // sources without a build: the maintenance timer still enforces the cap
  }
}

function connection(): DatabaseSync {
  if (!db) {
    db = new DatabaseSync(init.path);
    db.exec(`PRAGMA busy_timeout = ${init.busyTimeoutMs}`);
    db.exec('PRAGMA synchronous = NORMAL');
  }
  return db;
}

function insert(group: readonly WriteRequest[]): void {
  const conn = connection();
  conn.exec('BEGIN IMMEDIATE');
  try {
    for (const req of group) {
      let stmt = statements.get(req.sql);
      if (!stmt) {
        stmt = conn.prepare(req.sql);
        statements.set(req.sql, stmt);
      }
      for (const row of req.rows) stmt.run(...row);
    }
    conn.exec('COMMIT');
  } catch (err) {
    try {
      conn.exec('ROLLBACK');
    } catch {
      // SQLite already rolled back (e.g. disk full)
    }
    throw err;
  }
}

/** The batch is committed whatever happens here; a cap pass that fails (a reader holding the WAL) is tried after the next one. */
function underCap(): number {
  try {
    return keepUnderCap && db ? keepUnderCap(db, init.path, init.maxBytes) : 0;
  } catch {
    return 0;
  }
}

const stopped = (): boolean => Atomics.load(control, STOP) !== 0;
const isLock = (code: number | undefined): boolean => code !== undefined && ((code & 0xff) === SQLITE_BUSY || (code & 0xff) === SQLITE_LOCKED);

/**
 * Replies for the batches of the group, in order; after a stop only those
 * written before it (the main thread writes the others).
 */
function write(group: readonly WriteRequest[]): WriteReply[] {
  const began = Date.now();
  let announced = false;
  const tell = (reply: Omit<WriteReply, 'id'>): void => {
    for (const req of group) parentPort?.postMessage({ ...reply, id: req.id } satisfies WriteReply);
  };
  for (let attempt = 0; ; attempt++) {
    // Checked before every attempt: after a stop the main thread writes what is left itself.
    if (stopped()) return [];
    try {
      insert(group);
      const capDropped = underCap();
      return group.map((req, i) => ({ id: req.id, ok: true, capDropped: i === group.length - 1 ? capDropped : 0 }));
    } catch (err) {
      const e = err as { errstr?: string; message?: string; errcode?: number };
      const message = e.message || e.errstr || String(err);
      if (!isLock(e.errcode)) {
        // Each batch on its own, so one that cannot be written does not take the others with it.
        if (group.length > 1) return group.flatMap((req) => write([req]));
        return [{ id: group[0]!.id, ok: false, message, errcode: e.errcode }];
      }
      // At once, quietly: the exporters answer the SDK now, so its bounded span queue keeps moving
      // while the batch waits here (at 2,000 spans/s a one-second wait overflowed it).
      if (attempt === 0) tell({ ok: false, retrying: true, quiet: true, message, errcode: e.errcode });
      // Said once the wait is long enough to matter: Vigil's own maintenance holds the lock for a few hundred ms at times.
      if (!announced && Date.now() - began >= ANNOUNCE_AFTER_MS) {
        announced = true;
        tell({ ok: false, retrying: true, message, errcode: e.errcode });
      }
      // Woken early by a stop (the main thread notifies STOP).
      Atomics.wait(control, STOP, 0, Math.min(MAX_BACKOFF_MS, 50 * 2 ** attempt));
    }
  }
}

const isWrite = (m: unknown): m is WriteRequest => typeof m === 'object' && m !== null && Array.isArray((m as WriteRequest).rows);
const isMaintenance = (m: unknown): m is MaintenanceJob => typeof m === 'object' && m !== null && 'maintenance' in m;

/** The batches already waiting behind `first`, up to GROUP_ROWS rows; a message of another kind ends the group and comes back as `next`. */
function groupFrom(first: WriteRequest): { group: WriteRequest[]; next?: unknown } {
  const group = [first];
  let rows = first.rows.length;
  while (rows < GROUP_ROWS && parentPort) {
    const received = receiveMessageOnPort(parentPort);
    if (!received) break;
    if (!isWrite(received.message)) return { group, next: received.message };
    group.push(received.message);
    rows += received.message.rows.length;
  }
  return { group };
}

/**
 * A maintenance unit holds this connection's write lock as a batch does: the
 * exit path waits for it (bounded) before writing on the main handle, and
 * leaves out no batch for it (UP_TO is what has settled).
 */
function maintaining(on: boolean): void {
  if (on) Atomics.store(control, UP_TO, Atomics.load(control, SETTLED));
  Atomics.store(control, BUSY, on ? 1 : 0);
  if (!on) Atomics.notify(control, BUSY);
}

function onMessage(msg: unknown): void {
  // A maintenance pass (src/store/maintenance-job.ts) on this connection, between batches; from dist/ only.
  if (isMaintenance(msg)) return void import('../../src/store/maintenance-job.js').then((m) => m.runMaintenanceJob(msg, connection, stopped, maintaining), () => msg.maintenance.postMessage(undefined));
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
  if (!isWrite(msg)) return;
  const { group, next } = groupFrom(msg);
  // The exit path leaves out every batch up to UP_TO while BUSY: they may yet commit.
  Atomics.store(control, UP_TO, group.at(-1)!.id);
  Atomics.store(control, BUSY, 1);
  const replies = write(group);
  if (replies.length > 0) Atomics.store(control, SETTLED, replies.at(-1)!.id);
  Atomics.store(control, BUSY, 0);
  Atomics.notify(control, BUSY);
  for (const reply of replies) parentPort?.postMessage(reply);
  if (next !== undefined) onMessage(next);
}

parentPort?.on('message', onMessage);
