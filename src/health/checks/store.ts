import type { DatabaseSync } from 'node:sqlite';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';
import { probe } from './database.js';

export interface StoreCheckOptions extends CheckOptions {
  /** Vigil's own writer handle; undefined while the store is closed. */
  db: () => DatabaseSync | undefined;
}

/**
 * Vigil's own store (monitoring.db). Not critical by default: a broken
 * telemetry store must not take the application out of service.
 */
export function storeCheck(o: StoreCheckOptions): HealthCheck {
  return {
    ...schedule(o, { name: 'store', critical: false, interval: INTERVALS.database }),
    component: 'vigil-store',
    measurement: 'responseTime',
    componentType: 'datastore',
    async run() {
      const db = o.db();
      if (!db) return { status: 'fail', output: 'the monitoring store is not open' };
      const started = performance.now();
      await probe(db);
      return { status: 'pass', observedValue: round(performance.now() - started), observedUnit: 'ms' };
    },
  };
}
