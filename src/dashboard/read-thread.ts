/**
 * Worker-thread entry of the in-process dashboard's reads (see reader.ts):
 * its own read-only connection, opened on the first request and kept.
 * Loaded from dist/ only.
 */
import type { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnly } from '../store/index.js';
import { READS } from './reads.js';
import type { ReadName } from './reads.js';

const { path } = workerData as { path: string };
let db: DatabaseSync | undefined;

parentPort?.on('message', (m: { id: number; name: ReadName; args: unknown }) => {
  let noDb = false;
  try {
    try {
      db ??= openReadOnly(path);
    } catch (err) {
      noDb = true;
      throw err;
    }
    const result = (READS[m.name] as (db: DatabaseSync, a: unknown) => unknown)(db, m.args);
    parentPort?.postMessage({ id: m.id, ok: true, result });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, ok: false, noDb, message: err instanceof Error ? err.message : String(err) });
  }
});
