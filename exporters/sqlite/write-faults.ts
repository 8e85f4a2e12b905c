import { metrics } from '@opentelemetry/api';
import type { Counter, MeterProvider } from '@opentelemetry/api';
import { countDropped } from '../outbox/dropped.js';
import { OnceReporter } from '../../src/sdk/once-reporter.js';
import type { Store } from '../../src/store/types.js';

/** What went wrong with a batch: SQLite's fault class, or the writer's own refusal. */
export type WriteFaultKind = 'locked' | 'corrupt' | 'readonly' | 'full' | 'cantopen' | 'other' | 'queue_full';

let counter: Counter | undefined;
let counterProvider: MeterProvider | undefined;

/** `vigil.store.write_errors{kind}`: made again when the global provider changes (the API has no proxy provider). */
function countWriteError(kind: WriteFaultKind): void {
  try {
    const provider = metrics.getMeterProvider();
    if (!counter || provider !== counterProvider) {
      counterProvider = provider;
      counter = provider.getMeter('@vigil/otel').createCounter('vigil.store.write_errors', {
        description: 'Failed or refused writes of telemetry batches to the local store, by kind',
        unit: '{batch}',
      });
    }
    counter.add(1, { kind });
  } catch {
    // counting must never be what breaks the application
  }
}

/**
 * The voice of a store's writers when writes fail: one line per kind of
 * failure, then only counters (`vigil.store.write_errors`,
 * `vigil.export.dropped`), and one line when a batch commits again (the
 * OnceReporter the exporters share). A lock held for minutes, or a full
 * disk, is two lines, not one per batch.
 */
export class WriteFaults {
  private readonly reporter: OnceReporter;
  private lostRows = 0;
  private since = 0;
  private cappedSaid = false;
  /** Raw rows the writer dropped for the size cap. */
  cappedRows = 0;

  constructor(
    private readonly path: string,
    private readonly say: (line: string) => void,
  ) {
    this.reporter = new OnceReporter(say);
  }

  /** The write thread met a lock; its batches are kept and retried. */
  retrying(detail: string): void {
    countWriteError('locked');
    this.report('locked', `${this.path} is locked by another process (${detail}); keeping telemetry batches in memory and retrying`);
  }

  /** A batch is lost. */
  lost(kind: WriteFaultKind, label: string, rows: number, detail: string): void {
    countWriteError(kind);
    // The outbox's signal names, so one vocabulary labels vigil.export.dropped.
    countDropped('store_error', label === 'spans' ? 'traces' : label);
    this.lostRows += rows;
    this.report(kind, `${label}: could not write ${rows} rows to ${this.path} (${detail}); further failures are counted in vigil.store.write_errors and vigil.export.dropped`);
  }

  /** The writer dropped the oldest raw rows to keep the cap: said once per process (the maintenance pass reports its own). */
  capped(rows: number): void {
    this.cappedRows += rows;
    if (this.cappedSaid) return;
    this.cappedSaid = true;
    this.say(`${this.path} reached its size cap (VIGIL_MAX_DB_MB); the oldest raw spans, logs and metric points are dropped as new data arrives (${rows} so far)`);
  }

  /** A batch committed: says so once if writes had been failing. */
  committed(): void {
    if (!this.reporter.failing(KIND)) return;
    const secs = ((Date.now() - this.since) / 1000).toFixed(1);
    const lost = this.lostRows;
    this.reporter.recover(KIND, (failures) => `writes to ${this.path} recovered after ${secs} s (${failures} failed or retried batches, ${lost} rows lost)`);
    this.lostRows = 0;
  }

  private report(kind: WriteFaultKind, line: string): void {
    if (!this.reporter.failing(KIND)) this.since = Date.now();
    this.reporter.report(KIND + kind, line);
  }
}

/** Prefix of this writer's kinds in its reporter. */
const KIND = 'store:';

const byStore = new WeakMap<Store, WriteFaults>();

/** One voice per store: its three writers fail together and recover together. */
export function writeFaultsFor(store: Store): WriteFaults {
  let faults = byStore.get(store);
  if (!faults) {
    faults = new WriteFaults(store.path, (line) => store.report(line));
    byStore.set(store, faults);
  }
  return faults;
}
