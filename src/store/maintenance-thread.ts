/**
 * Worker-thread entry of the maintenance pass: its own connection to
 * monitoring.db, so an hour's rollup (up to ~0.5 s over a busy hour on this
 * machine) never blocks the application's event loop. Loaded from dist/
 * only; from the sources (tests) the pass runs on the main thread.
 */
// A worker entry, started only on a Node that has node:sqlite: a static import is safe here.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { maintenancePass } from './maintenance-pass.js';
import type { PassOptions } from './maintenance-pass.js';

const { path, options } = workerData as { path: string; options: PassOptions };
let stop = false;
parentPort?.on('message', (m) => {
  if (m === 'stop') stop = true;
});
const db = new DatabaseSync(path);
try {
  db.exec('PRAGMA busy_timeout = 5000');
  const result = await maintenancePass(db, options, () => !stop);
  parentPort?.postMessage({ ok: true, result });
} catch (err) {
  parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
} finally {
  db.close();
}
