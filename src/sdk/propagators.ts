import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { TextMapPropagator } from '@opentelemetry/api';
import type { PropagatorName } from '../config/index.js';

/**
 * OTEL_PROPAGATORS, in the order given (the first that extracts a context
 * wins, all inject). B3 is imported only when named: most clinics speak
 * W3C trace context alone. `none` (an empty list) propagates nothing.
 */
export async function buildPropagator(names: readonly PropagatorName[]): Promise<TextMapPropagator> {
  const propagators: TextMapPropagator[] = [];
  for (const name of names) {
    if (name === 'tracecontext') propagators.push(new W3CTraceContextPropagator());
    else if (name === 'baggage') propagators.push(new W3CBaggagePropagator());
    else {
      const { B3InjectEncoding, B3Propagator } = await import('@opentelemetry/propagator-b3');
      propagators.push(new B3Propagator({ injectEncoding: name === 'b3multi' ? B3InjectEncoding.MULTI_HEADER : B3InjectEncoding.SINGLE_HEADER }));
    }
  }
  return new CompositePropagator({ propagators });
}
