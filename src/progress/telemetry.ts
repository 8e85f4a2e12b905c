import { ValueType } from '@opentelemetry/api';
import type { ObservableResult } from '@opentelemetry/api';
import { liveOtel } from '../metrics/index.js';
import type { LiveOtel } from '../metrics/index.js';
import { trackedJobs } from './registry.js';
import type { ProgressStatus } from './types.js';

export const PROGRESS_PROCESSED = 'vigil.progress.processed';
export const PROGRESS_FAILED = 'vigil.progress.failed';
export const PROGRESS_ETA = 'vigil.progress.eta';

// Observable gauges read the trackers when a reader collects (compute on
// read): job totals survive a restart because they come from the checkpoint.
let registeredFor: LiveOtel | undefined;

/** Register the progress gauges on the current meter, once per provider. */
export function ensureProgressGauges(): void {
  const live = liveOtel();
  if (live === undefined || live === registeredFor) return;
  registeredFor = live;
  const m = live.meter;
  const processed = m.createObservableGauge(PROGRESS_PROCESSED, {
    unit: '{item}',
    description: 'Items a batch job has processed (over all its runs)',
    valueType: ValueType.INT,
  });
  const failed = m.createObservableGauge(PROGRESS_FAILED, {
    unit: '{item}',
    description: 'Items a batch job failed to process',
    valueType: ValueType.INT,
  });
  const eta = m.createObservableGauge(PROGRESS_ETA, { unit: 's', description: 'Estimated seconds to completion' });
  const observe = (pick: (s: ProgressStatus) => number | null) => (result: ObservableResult) => {
    for (const t of trackedJobs()) {
      const s = t.status();
      const value = pick(s);
      if (value !== null) result.observe(value, { 'vigil.progress.job': s.jobId });
    }
  };
  processed.addCallback(observe((s) => s.processed));
  failed.addCallback(observe((s) => s.failed));
  eta.addCallback(observe((s) => (s.state === 'completed' ? 0 : s.etaSeconds)));
}

/** One span per batch: from the previous update (or start) to now. */
export function batchSpan(status: ProgressStatus, batchStartMs: number, batchSize: number, failed: number): void {
  const live = liveOtel();
  if (live === undefined) return;
  const span = live.tracer.startSpan(`progress ${status.name}`, {
    startTime: batchStartMs,
    attributes: {
      'vigil.progress.job': status.jobId,
      'vigil.progress.batch_size': batchSize,
      'vigil.progress.batch_failed': failed,
      'vigil.progress.processed': status.processed,
      'vigil.progress.total': status.total,
    },
  });
  span.end();
}
