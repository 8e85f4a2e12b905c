import type { DatabaseSync } from 'node:sqlite';
import { byThreshold } from '../status.js';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

/** A node:sqlite handle, a pg-style client or pool (`query(sql)`), or a function that probes. */
export type DatabaseTarget = DatabaseSync | { query(sql: string): Promise<unknown> } | (() => unknown);

export interface DatabaseCheckOptions extends CheckOptions {
  db: DatabaseTarget;
  /** Latency (ms) above which the check warns; default 500. */
  slowMs?: number;
}

/** `SELECT 1` against the application's database, with its latency. Critical by default. */
export function databaseCheck(o: DatabaseCheckOptions): HealthCheck {
  const slowMs = o.slowMs ?? 500;
  return {
    ...schedule(o, { name: 'database', critical: true, interval: INTERVALS.database }),
    component: 'database',
    measurement: 'responseTime',
    componentType: 'datastore',
    async run() {
      const started = performance.now();
      await probe(o.db);
      const ms = round(performance.now() - started);
      const status = byThreshold(ms, slowMs, Infinity);
      return { status, observedValue: ms, observedUnit: 'ms', output: status === 'warn' ? `SELECT 1 took ${ms} ms (slow above ${slowMs} ms)` : undefined };
    },
  };
}

export async function probe(db: DatabaseTarget): Promise<void> {
  if (typeof db === 'function') {
    await db();
  } else if ('prepare' in db && typeof db.prepare === 'function') {
    // Prepared per run: a closed handle must fail here, not be hidden by a cached statement.
    (db as DatabaseSync).prepare('SELECT 1').get();
  } else if ('query' in db && typeof db.query === 'function') {
    await db.query('SELECT 1');
  } else {
    throw new Error('the database option is neither a node:sqlite handle, a client with query(sql), nor a function');
  }
}
