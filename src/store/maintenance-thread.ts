/**
 * Worker-thread entry of the maintenance passes: its own connection to
 * monitoring.db, so an hour's rollup (up to ~0.5 s over a busy hour on this
 * machine) never blocks the application's event loop. The thread is started
 * once and kept between passes (starting one costs more CPU than a pass
 * with nothing to do). Loaded from dist/ only; from the sources (tests) the
 * pass runs on the main thread.
 */
// A worker entry, started only on a Node that has node:sqlite: a static import is safe here.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { maintenancePass } from './maintenance-pass.js';
import type { PassOptions } from './maintenance-pass.js';

export type ToMaintenanceThread = { type: 'run'; options: PassOptions } | { type: 'stop' } | { type: 'close' };

const { path } = workerData as { path: string };
let db: DatabaseSync | undefined;
let stop = false;
let queue: Promise<void> = Promise.resolve();

const run = async (options: PassOptions): Promise<void> => {
  stop = false;
  try {
    db ??= new DatabaseSync(path);
    db.exec('PRAGMA busy_timeout = 5000');
    const result = await maintenancePass(db, options, () => !stop);
    parentPort?.postMessage({ ok: true, result });
  } catch (err) {
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};

parentPort?.on('message', (m: ToMaintenanceThread) => {
  if (m.type === 'stop') stop = true;
  else if (m.type === 'run') queue = queue.then(() => run(m.options));
  else {
    stop = true;
    void queue.then(() => {
      db?.close();
      db = undefined;
      parentPort?.close();
    });
  }
});
