import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { BatchObservableResult, Observable } from '@opentelemetry/api';
import { loopDelayView, type LoopDelayView } from '../health/loop-delay.js';

/**
 * Upstream's own delay histogram, parked: a period of ≈ 24 days, so it never
 * wakes the loop nor reaches its 5 samples (its callback still reads the
 * empty histogram's stddev, ≈ 0.4 ms a collection, before it checks).
 */
const PARKED_MS = 2 ** 31 - 1;

const GAUGES = [
  ['min', 'Event loop minimum delay.'],
  ['max', 'Event loop maximum delay.'],
  ['mean', 'Event loop mean delay.'],
  ['stddev', 'Event loop standard deviation delay.'],
  ['p50', 'Event loop 50 percentile delay.'],
  ['p90', 'Event loop 90 percentile delay.'],
  ['p99', 'Event loop 99 percentile delay.'],
] as const;

/**
 * The runtime metrics of `@opentelemetry/instrumentation-runtime-node`, with
 * `nodejs.eventloop.delay.*` read from Vigil's one event-loop sampler (the
 * health check's too) instead of a second `monitorEventLoopDelay` timer:
 * same names, descriptions and unit (s), reset at each collection as
 * upstream does. The values are the delay itself, without the sampling
 * period upstream's histogram counts in.
 */
export class VigilRuntimeNodeInstrumentation extends RuntimeNodeInstrumentation {
  // Set by enable(), which the base constructor calls: `declare` so no field initialiser resets it afterwards.
  declare private delay: LoopDelayView | undefined;

  constructor() {
    super({ monitoringPrecision: PARKED_MS });
  }

  override _updateMetricInstruments(): void {
    super._updateMetricInstruments();
    const gauges = GAUGES.map(([k, description]) => this.meter.createObservableGauge(`nodejs.eventloop.delay.${k}`, { description, unit: 's' }));
    this.meter.addBatchObservableCallback((result: BatchObservableResult) => {
      const d = this.delay;
      if (!d || d.histogram.count < 5) return;
      const h = d.histogram;
      const values = [h.min, h.max, d.mean(), d.stddev(), h.percentile(50), h.percentile(90), h.percentile(99)];
      gauges.forEach((g, i) => result.observe(g as Observable, Number.isNaN(values[i]) ? 0 : values[i]! / 1e9));
      d.reset();
    }, gauges);
  }

  override enable(): void {
    super.enable();
    this.delay ??= loopDelayView();
  }

  override disable(): void {
    super.disable();
    this.delay?.close();
    this.delay = undefined;
  }
}
