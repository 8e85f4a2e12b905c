import { ExpHistogram } from './exp-histogram.js';

/** One line of performance.report(); durations in milliseconds. */
export interface OperationReport {
  name: string;
  count: number;
  errors: number;
  /** Items processed (operations given an `items` count); 0 otherwise. */
  items: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** In-process statistics of one operation, fed by the wrappers on every timed call. */
export class OperationStats {
  errors = 0;
  items = 0;
  readonly histogram = new ExpHistogram();
  constructor(readonly name: string) {}

  record(ms: number, failed: boolean, items = 0): void {
    this.histogram.record(ms);
    if (failed) this.errors++;
    this.items += items;
  }
}

// Bounded like a metric's cardinality: a runaway set of dynamic operation
// names folds into one overflow entry instead of growing without limit.
const MAX_OPERATIONS = 2000;
const OVERFLOW = 'vigil.overflow';
// Shared through globalThis so two installed copies of Vigil report one set.
const STATS_KEY = Symbol.for('vigil.metrics.operations');
const stats: Map<string, OperationStats> = ((globalThis as Record<symbol, Map<string, OperationStats> | undefined>)[
  STATS_KEY
] ??= new Map());

/** The stats object for an operation name (created on first use, then shared). */
export function operationStats(name: string): OperationStats {
  let entry = stats.get(name);
  if (entry !== undefined) return entry;
  if (stats.size >= MAX_OPERATIONS) name = OVERFLOW;
  entry = stats.get(name) ?? new OperationStats(name);
  stats.set(name, entry);
  return entry;
}

function reportOf(s: OperationStats): OperationReport {
  const h = s.histogram;
  return {
    name: s.name,
    count: h.count,
    errors: s.errors,
    items: s.items,
    p50: h.quantile(0.5),
    p90: h.quantile(0.9),
    p95: h.quantile(0.95),
    p99: h.quantile(0.99),
    max: h.count === 0 ? 0 : h.max,
  };
}

/**
 * Live percentiles of every operation timed in this process since start (or
 * the last reset), computed from in-process exponential histograms the
 * wrappers keep — no collection round-trip, works with any exporter.
 */
export const performance = {
  report(): OperationReport[] {
    const out: OperationReport[] = [];
    for (const s of stats.values()) if (s.histogram.count > 0) out.push(reportOf(s));
    return out.sort((a, b) => a.name.localeCompare(b.name));
  },
  /** Forget all counts (the stats objects stay, so wrappers keep recording). */
  reset(): void {
    for (const s of stats.values()) {
      s.histogram.reset();
      s.errors = 0;
      s.items = 0;
    }
  },
};
