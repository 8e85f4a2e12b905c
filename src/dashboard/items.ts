import type { DatabaseSync } from 'node:sqlite';
import { ATTR_OPERATION, OPERATION_ITEMS } from '../metrics/names.js';
import { metricCells } from './queries-metrics.js';
import type { OperationSummary, WindowInfo } from './types.js';
import { windowSeconds } from './window.js';

/**
 * Adds the item counts of operations given one (`monitored(..., { items })`,
 * counter `vigil.operation.items`) to their summaries: items in the window
 * and items per second, so throughput per item shows beside calls per second.
 */
export function addOperationItems(db: DatabaseSync, w: WindowInfo, operations: OperationSummary[]): void {
  const items = new Map<string, number>();
  for (const c of metricCells(db, OPERATION_ITEMS, w)) {
    const op = c.attributes[ATTR_OPERATION];
    if (typeof op === 'string') items.set(op, (items.get(op) ?? 0) + c.sum);
  }
  if (items.size === 0) return;
  const seconds = windowSeconds(w);
  for (const o of operations) {
    const n = items.get(o.name);
    if (n !== undefined) {
      o.items = n;
      o.itemsPerSec = n / seconds;
    }
  }
}
