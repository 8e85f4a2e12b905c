import { metrics } from '@opentelemetry/api';
import type { Counter } from '@opentelemetry/api';
import type { ErrorEvent } from './types.js';

/**
 * `vigil.errors{group,type}`. The counter is made on first use, not at
 * construction: the metrics API has no proxy provider, so a meter taken
 * before the SDK registers stays a no-op forever.
 */
export class ErrorCounter {
  private counter: Counter | undefined;

  add(e: ErrorEvent): void {
    this.counter ??= metrics.getMeter('@vigil/otel').createCounter('vigil.errors', {
      description: 'Error events captured, by group (fingerprint) and error type',
      unit: '{error}',
    });
    this.counter.add(1, { group: e.fingerprint, type: e.type });
  }
}
