import { performance } from 'node:perf_hooks';
import { SpanStatusCode, context, diag, trace } from '@opentelemetry/api';
import type { Attributes, Histogram, Span } from '@opentelemetry/api';
import type { ConsultationHandle, EmrAttributes, EmrInstruments } from './types.js';
import { emrState, instruments, tracer } from './utils.js';

type Kind = { span: string; histogram: (i: EmrInstruments) => Histogram; consultation: boolean };
const CONSULTATION: Kind = { span: 'emr.consultation', histogram: (i) => i.consultationDuration, consultation: true };
const PRESCRIPTION: Kind = { span: 'emr.prescription.generate', histogram: (i) => i.prescriptionDuration, consultation: false };
const SEARCH: Kind = { span: 'emr.patient.search', histogram: (i) => i.searchDuration, consultation: false };
const NO_ATTRIBUTES: Attributes = {};
const NOOP_HANDLE: ConsultationHandle = { end() {} };

/** One timed EMR operation: a span, a duration point, and for consultations the active gauge. */
class Operation implements ConsultationHandle {
  private readonly start = performance.now();
  private readonly span: Span;
  private open = true;

  constructor(
    private readonly kind: Kind,
    private readonly attrs: Attributes,
  ) {
    this.span = tracer(emrState()).startSpan(kind.span, { attributes: attrs });
    if (kind.consultation) instruments(emrState()).consultationsActive.add(1, attrs);
  }

  run<T>(fn: () => T): T {
    let result: T;
    try {
      result = context.with(trace.setSpan(context.active(), this.span), fn);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    if (isThenable(result)) {
      return result.then(
        (value) => {
          this.succeed(value);
          return value;
        },
        (err: unknown) => {
          this.fail(err);
          throw err;
        },
      ) as T;
    }
    this.succeed(result);
    return result;
  }

  end(outcome = 'completed'): void {
    this.finish(undefined, outcome);
  }

  private succeed(value: unknown): void {
    if (this.kind === SEARCH && Array.isArray(value)) this.span.setAttribute('emr.patient.search.results', value.length);
    this.finish(undefined, 'completed');
  }

  private fail(err: unknown): void {
    const type = err instanceof Error ? err.name : '_OTHER';
    this.span.setAttribute('error.type', type);
    if (err instanceof Error) this.span.recordException(err);
    this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.finish({ 'error.type': type }, 'error');
  }

  private finish(extra: Attributes | undefined, outcome: string): void {
    if (!this.open) return;
    this.open = false;
    try {
      const seconds = (performance.now() - this.start) / 1000;
      const i = instruments(emrState());
      let attrs = extra ? { ...this.attrs, ...extra } : this.attrs;
      if (this.kind.consultation) {
        this.span.setAttribute('emr.outcome', outcome);
        attrs = { ...attrs, 'emr.outcome': outcome };
        i.consultationsActive.add(-1, this.attrs);
      }
      this.kind.histogram(i).record(seconds, attrs);
      this.span.end();
    } catch (err) {
      diag.warn('vigil emr: could not record an operation', err);
    }
  }
}

function isThenable<T>(v: T): v is T & PromiseLike<Awaited<T>> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

function timed<T>(kind: Kind, attrs: EmrAttributes | undefined, fn: () => T): T {
  if (!emrState().enabled) return fn();
  let op: Operation;
  try {
    op = new Operation(kind, attrs ?? NO_ATTRIBUTES);
  } catch (err) {
    diag.warn('vigil emr: could not start an operation', err);
    return fn();
  }
  return op.run(fn);
}

function startConsultation(attrs?: EmrAttributes): ConsultationHandle {
  if (!emrState().enabled) return NOOP_HANDLE;
  try {
    return new Operation(CONSULTATION, attrs ?? NO_ATTRIBUTES);
  } catch (err) {
    diag.warn('vigil emr: could not start a consultation', err);
    return NOOP_HANDLE;
  }
}

function count(which: 'patientsCreated' | 'visitsSaved', attrs?: EmrAttributes): void {
  if (!emrState().enabled) return;
  try {
    instruments(emrState())[which].add(1, attrs ?? NO_ATTRIBUTES);
  } catch (err) {
    diag.warn('vigil emr: could not count', err);
  }
}

function consultation<T>(fn: () => T): T;
function consultation<T>(attrs: EmrAttributes, fn: () => T): T;
function consultation(attrs?: EmrAttributes): ConsultationHandle;
function consultation<T>(a?: EmrAttributes | (() => T), b?: () => T): T | ConsultationHandle {
  if (typeof a === 'function') return timed(CONSULTATION, undefined, a);
  if (typeof b === 'function') return timed(CONSULTATION, a, b);
  return startConsultation(a);
}

/**
 * The domain operations of a clinic, one line each:
 * `await emr.consultation(() => see(patient))`, `emr.patientCreated()`.
 * Results and thrown errors pass through unchanged.
 */
export const emr = {
  /** Times `fn` as a consultation; with attributes only, starts one and returns its handle. */
  consultation,
  /** A consultation that outlives one call (several requests): `end(outcome?)` when done. */
  startConsultation,
  prescription: <T>(fn: () => T, attrs?: EmrAttributes): T => timed(PRESCRIPTION, attrs, fn),
  patientSearch: <T>(fn: () => T, attrs?: EmrAttributes): T => timed(SEARCH, attrs, fn),
  patientCreated: (attrs?: EmrAttributes): void => count('patientsCreated', attrs),
  visitSaved: (attrs?: EmrAttributes): void => count('visitsSaved', attrs),
};

export type EmrApi = typeof emr;
