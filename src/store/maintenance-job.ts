/**
 * A maintenance pass as a job of the SQLite write thread
 * (exporters/sqlite/write-thread.ts), on that thread's connection: no
 * isolate of its own at rest (a kept worker cost ≈ 15 MB of RSS, one
 * started per pass ≈ 44 ms of CPU), and never on the application's event
 * loop. The pass yields between units (an hour's rollup, a 5,000-row
 * delete), so span batches are written in between. Loaded from dist/ only.
 */
import type { DatabaseSync } from 'node:sqlite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MessagePort } from 'node:worker_threads';
import { maintenancePass } from './maintenance-pass.js';
import type { PassOptions, PassResult } from './maintenance-pass.js';

/** Posted to the write thread; the reply (a JobReply) comes back on `maintenance`. */
export interface MaintenanceJob {
  maintenance: MessagePort;
  options: PassOptions;
}

/** undefined: the thread cannot run passes (sources without a build); the caller runs it itself. */
export type JobReply = { ok: true; result: PassResult } | { ok: false; message: string } | undefined;

/**
 * Runs on the write thread. `connection` is the thread's (with its short
 * busy timeout: a unit that meets another writer's lock fails, and the
 * next period's pass does it); `writerStopped` is the thread's stop flag,
 * set before it closes the connection; `busy` marks each unit as the
 * thread's transaction in progress, for the exit path. A 'stop' on the port
 * ends the pass at its next unit.
 */
export async function runMaintenanceJob(job: MaintenanceJob, connection: () => DatabaseSync, writerStopped: () => boolean, busy: (on: boolean) => void = () => {}): Promise<void> {
  const port = job.maintenance;
  let stop = false;
  port.on('message', (m) => void (m === 'stop' && (stop = true)));
  let reply: JobReply;
  try {
    // Taken once: after the thread's 'close' its connection() would open a new one.
    const db = connection();
    busy(true);
    const result = await maintenancePass(db, job.options, async () => {
      busy(false);
      await nextTurn();
      busy(true);
      return !stop && !writerStopped();
    });
    reply = { ok: true, result };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
  } finally {
    busy(false);
  }
  try {
    port.postMessage(reply);
  } catch {
    // the main thread stopped waiting (its port closed)
  }
  port.close();
}
