import type { Attributes, Counter, Histogram, MeterProvider, TracerProvider, UpDownCounter } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Attributes of an EMR operation. They go on spans and metrics: keep them
 * low-cardinality (department, visit type, outcome), never patient data.
 */
export type EmrAttributes = Attributes;

/** A consultation that spans several requests: end it when it is over. */
export interface ConsultationHandle {
  /** Idempotent; `outcome` becomes `emr.outcome` (default `completed`). */
  end(outcome?: string): void;
}

export type EmrInstrumentationConfig = InstrumentationConfig;

export interface EmrInstruments {
  consultationDuration: Histogram;
  prescriptionDuration: Histogram;
  searchDuration: Histogram;
  patientsCreated: Counter;
  visitsSaved: Counter;
  consultationsActive: UpDownCounter;
}

/** Shared by every copy of Vigil in the process (globalThis), set by the instrumentation. */
export interface EmrState {
  enabled: boolean;
  tracerProvider: TracerProvider | undefined;
  meterProvider: MeterProvider | undefined;
  instruments: EmrInstruments | undefined;
  /** The provider `instruments` were created from. */
  instrumentsFrom: MeterProvider | undefined;
}
