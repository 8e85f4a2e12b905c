import { metrics, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { DURATION_BUCKETS } from '../../src/metrics/buckets.js';
import { VERSION } from '../../src/sdk/version.js';
import type { EmrInstruments, EmrState } from './types.js';

export const EMR_SCOPE = '@vigil/otel/instrumentation-emr';
const STATE = Symbol.for('vigil.emr.state');
// Clinical operations run from milliseconds (search) to tens of minutes (consultations):
// search and prescriptions get Vigil's in-process duration buckets, consultations minutes.
const SHORT = [...DURATION_BUCKETS];
const LONG = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600];

export function emrState(): EmrState {
  const g = globalThis as Record<symbol, EmrState | undefined>;
  return (g[STATE] ??= { enabled: true, tracerProvider: undefined, meterProvider: undefined, instruments: undefined, instrumentsFrom: undefined });
}

/**
 * The instruments, created on first use from the instrumentation's provider
 * or the global one, and again only when that provider changes (the API has
 * no proxy meter: instruments taken before the SDK started would stay no-ops).
 */
export function instruments(state: EmrState): EmrInstruments {
  const provider = state.meterProvider ?? metrics.getMeterProvider();
  if (state.instruments !== undefined && state.instrumentsFrom === provider) return state.instruments;
  const meter = provider.getMeter(EMR_SCOPE, VERSION);
  const histogram = (name: string, description: string, buckets: number[]) =>
    meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: buckets } });
  state.instruments = {
    consultationDuration: histogram('emr.consultation.duration', 'Duration of consultations.', LONG),
    prescriptionDuration: histogram('emr.prescription.generation.duration', 'Time to generate a prescription.', SHORT),
    searchDuration: histogram('emr.patient.search.duration', 'Duration of patient searches.', SHORT),
    patientsCreated: meter.createCounter('emr.patients.created', { unit: '{patient}', description: 'Patients registered.' }),
    visitsSaved: meter.createCounter('emr.visits.saved', { unit: '{visit}', description: 'Visits saved.' }),
    consultationsActive: meter.createUpDownCounter('emr.consultations.active', { unit: '{consultation}', description: 'Consultations in progress.' }),
  };
  state.instrumentsFrom = provider;
  return state.instruments;
}

/** The tracer of the instrumentation's provider, else the global one (a proxy: safe to take early). */
let cachedTracer: Tracer | undefined;
let cachedFrom: unknown;
export function tracer(state: EmrState): Tracer {
  const provider = state.tracerProvider ?? trace.getTracerProvider();
  if (cachedTracer === undefined || cachedFrom !== provider) {
    cachedTracer = provider.getTracer(EMR_SCOPE, VERSION);
    cachedFrom = provider;
  }
  return cachedTracer;
}
