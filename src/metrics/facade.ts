import { diag, metrics as otelMetrics } from '@opentelemetry/api';
import type { Attributes, Counter, Gauge, Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS } from './buckets.js';
import { meterProviderToken } from './live.js';
import { SCOPE_NAME } from './names.js';

/** Tags of the facade: plain key/values, passed to OTel as attributes unchanged. */
export type Tags = Attributes;

// A facade name is an instrument; an unbounded set of names would be an
// unbounded set of instruments, so the cache stops growing here.
const MAX_INSTRUMENTS = 1000;

let token: unknown = Symbol('unset');
let meter: Meter;
const histograms = new Map<string, Histogram>();
const counters = new Map<string, Counter>();
const gauges = new Map<string, Gauge>();
let warnedFull = false;

// Instruments belong to a meter provider: when the SDK is (re)registered the
// cache starts over so points go to the provider that will export them.
function currentMeter(): Meter {
  const t = meterProviderToken();
  if (t !== token) {
    token = t;
    meter = otelMetrics.getMeter(SCOPE_NAME);
    histograms.clear();
    counters.clear();
    gauges.clear();
  }
  return meter;
}

function full(cache: Map<string, unknown>, name: string): boolean {
  if (cache.size < MAX_INSTRUMENTS) return false;
  if (!warnedFull) {
    warnedFull = true;
    diag.warn(`vigil metrics: more than ${MAX_INSTRUMENTS} instrument names; dropping "${name}" and later new names`);
  }
  return true;
}

function histogram(name: string): Histogram | undefined {
  const m = currentMeter();
  let h = histograms.get(name);
  if (h === undefined && !full(histograms, name)) {
    h = m.createHistogram(name, { unit: 's', advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] } });
    histograms.set(name, h);
  }
  return h;
}

function counter(name: string): Counter | undefined {
  const m = currentMeter();
  let c = counters.get(name);
  if (c === undefined && !full(counters, name)) {
    c = m.createCounter(name);
    counters.set(name, c);
  }
  return c;
}

function gauge(name: string): Gauge | undefined {
  const m = currentMeter();
  let g = gauges.get(name);
  if (g === undefined && !full(gauges, name)) {
    g = m.createGauge(name);
    gauges.set(name, g);
  }
  return g;
}

/**
 * A small metrics API over OTel instruments for teams used to statsd-style
 * calls. Instruments are created once per name and cached; tags become
 * attributes. Durations are given in milliseconds and recorded in seconds.
 */
export const metrics = {
  /** Record a duration (ms) on the histogram `name` (unit s). */
  timing(name: string, ms: number, tags?: Tags): void {
    histogram(name)?.record(ms / 1000, tags);
  },
  /** Add `n` (default 1) to the monotonic counter `name`. */
  count(name: string, n = 1, tags?: Tags): void {
    counter(name)?.add(n, tags);
  },
  /** Set the current value of the gauge `name`. */
  gauge(name: string, value: number, tags?: Tags): void {
    gauge(name)?.record(value, tags);
  },
};
