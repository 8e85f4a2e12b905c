import { metrics } from '@opentelemetry/api';
import type { Counter, MeterProvider } from '@opentelemetry/api';

/** Why a request was lost; the `reason` attribute of `vigil.export.dropped`. */
/** `queue_full`: items (spans, log records) the SDK's batch processor dropped before any export; counted one by one. */
export type DropReason = 'non_retryable' | 'outbox_full' | 'no_store' | 'store_error' | 'serialize' | 'send_failed' | 'queue_full';

let counter: Counter | undefined;
let counterProvider: MeterProvider | undefined;

/**
 * Counts lost export requests (batches, not items: a queued row does not
 * know how many spans it holds). Created lazily, and again whenever the
 * global MeterProvider changes: the metrics API has no proxy provider, so a
 * counter made before the SDK registered would stay a no-op forever.
 */
export function countDropped(reason: DropReason, signal: string, requests = 1): void {
  if (requests <= 0) return;
  try {
    const provider = metrics.getMeterProvider();
    if (!counter || provider !== counterProvider) {
      counterProvider = provider;
      counter = provider.getMeter('@vigil/otel').createCounter('vigil.export.dropped', {
        description: 'Telemetry export requests dropped by Vigil, by reason',
        unit: '{request}',
      });
    }
    counter.add(requests, { reason, signal });
  } catch {
    // Counting a drop must never be the thing that breaks the application.
  }
}
