import { metrics, trace } from '@opentelemetry/api';
import type { Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';
import { DURATION_BUCKETS } from './buckets.js';
import {
  OPERATION_CALLS,
  OPERATION_ITEMS,
  OPERATION_DURATION,
  OPERATION_RETRIES,
  SCOPE_NAME,
  SLOW_OPERATIONS,
} from './names.js';

/** The tracer and instruments a monitored call needs, built once per provider. */
export interface LiveOtel {
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly duration: Histogram;
  readonly calls: Counter;
  readonly items: Counter;
  readonly retries: Counter;
  readonly slow: Counter;
}

// The API keeps its registered providers on this global object (shared by every
// copy of @opentelemetry/api 1.x). Reading two properties of it is the cheapest
// exact answer to "is an SDK registered?", so the check runs on every call
// instead of on a timer: a provider registered later is picked up at once.
const API_KEY = Symbol.for('opentelemetry.js.api.1');
type ApiGlobal = { trace?: unknown; metrics?: unknown };

let apiGlobal: ApiGlobal | undefined;
let seenTrace: unknown;
let seenMetrics: unknown;
let live: LiveOtel | undefined;

/** Live handles, or undefined when neither a tracer nor a meter provider is registered. */
export function liveOtel(): LiveOtel | undefined {
  const g = apiGlobal ?? (apiGlobal = (globalThis as Record<symbol, ApiGlobal | undefined>)[API_KEY]);
  if (g === undefined) return undefined;
  if (g.trace === seenTrace && g.metrics === seenMetrics) return live;
  return refresh(g);
}

function refresh(g: ApiGlobal): LiveOtel | undefined {
  seenTrace = g.trace;
  seenMetrics = g.metrics;
  if (seenTrace === undefined && seenMetrics === undefined) return (live = undefined);
  const meter = metrics.getMeter(SCOPE_NAME);
  live = {
    tracer: trace.getTracer(SCOPE_NAME),
    meter,
    duration: meter.createHistogram(OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of operations wrapped by the Vigil developer API',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    calls: meter.createCounter(OPERATION_CALLS, { unit: '{call}', description: 'Calls of counted operations' }),
    items: meter.createCounter(OPERATION_ITEMS, { unit: '{item}', description: 'Items processed by operations given an item count' }),
    retries: meter.createCounter(OPERATION_RETRIES, { unit: '{retry}', description: 'Retries made by @retry' }),
    slow: meter.createCounter(SLOW_OPERATIONS, {
      unit: '{operation}',
      description: 'Operations slower than their threshold',
    }),
  };
  return live;
}

/** The current global meter provider identity (changes when the SDK is (re)registered). */
export function meterProviderToken(): unknown {
  const g = apiGlobal ?? (apiGlobal = (globalThis as Record<symbol, ApiGlobal | undefined>)[API_KEY]);
  return g?.metrics;
}
