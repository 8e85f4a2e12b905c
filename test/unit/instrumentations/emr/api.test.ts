import { SpanStatusCode, metrics } from '@opentelemetry/api';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createEmrInstrumentation, emr } from '../../../../instrumentations/emr/index.js';
import { histogramCount, setupOtel, sumValue } from '../otel.js';

const instrumentation = createEmrInstrumentation();
const otel = setupOtel([instrumentation]);
afterEach(() => otel.spans.reset());
afterAll(() => otel.shutdown());
const spans = () => otel.spans.getFinishedSpans();

describe('emr operations', () => {
  test('consultation(fn): same result, a span, a duration point, and active back to zero', async () => {
    let activeDuring = -1;
    const result = await emr.consultation({ 'emr.department': 'cardiology' }, async () => {
      activeDuring = sumValue((await otel.collect()).get('emr.consultations.active'));
      return 'note-1';
    });
    expect(result).toBe('note-1');
    expect(activeDuring).toBe(1);
    const m = await otel.collect();
    expect(sumValue(m.get('emr.consultations.active'))).toBe(0);
    expect(histogramCount(m.get('emr.consultation.duration'), { 'emr.department': 'cardiology', 'emr.outcome': 'completed' })).toBe(1);
    expect(m.get('emr.consultation.duration')?.descriptor.unit).toBe('s');
    expect(spans().map((s) => [s.name, s.attributes['emr.outcome']])).toEqual([['emr.consultation', 'completed']]);
    expect(emr.consultation(() => 42)).toBe(42);
  });

  test('the exact error is rethrown, sync and async, and marked', async () => {
    const boom = new TypeError('no chart');
    expect(() =>
      emr.prescription(() => {
        throw boom;
      }),
    ).toThrow(boom);
    await expect(emr.consultation(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(spans().map((s) => [s.name, s.status.code, s.attributes['error.type']])).toEqual([
      ['emr.prescription.generate', SpanStatusCode.ERROR, 'TypeError'],
      ['emr.consultation', SpanStatusCode.ERROR, 'TypeError'],
    ]);
    const m = await otel.collect();
    expect(histogramCount(m.get('emr.prescription.generation.duration'), { 'error.type': 'TypeError' })).toBe(1);
    expect(histogramCount(m.get('emr.consultation.duration'), { 'emr.outcome': 'error' })).toBe(1);
    expect(sumValue(m.get('emr.consultations.active'))).toBe(0);
  });

  test('startConsultation() spans several requests; end() is idempotent and takes an outcome', async () => {
    const a = emr.startConsultation({ 'emr.visit.type': 'follow-up' });
    const b = emr.consultation({ 'emr.visit.type': 'follow-up' });
    expect(sumValue((await otel.collect()).get('emr.consultations.active'))).toBe(2);
    a.end();
    a.end();
    b.end('cancelled');
    const m = await otel.collect();
    expect(sumValue(m.get('emr.consultations.active'))).toBe(0);
    expect(histogramCount(m.get('emr.consultation.duration'), { 'emr.outcome': 'cancelled' })).toBe(1);
    expect(spans()).toHaveLength(2);
  });

  test('patientSearch counts results on the span; nested operations are children', async () => {
    const found = await emr.patientSearch(async () => emr.prescription(() => ['p1', 'p2', 'p3']));
    expect(found).toHaveLength(3);
    const [child, parent] = spans();
    expect(parent.name).toBe('emr.patient.search');
    expect(parent.attributes['emr.patient.search.results']).toBe(3);
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(histogramCount((await otel.collect()).get('emr.patient.search.duration'))).toBe(1);
  });

  test('patientCreated and visitSaved are counters', async () => {
    emr.patientCreated();
    emr.patientCreated({ 'emr.department': 'er' });
    emr.visitSaved();
    const m = await otel.collect();
    expect(sumValue(m.get('emr.patients.created'))).toBe(2);
    expect(sumValue(m.get('emr.patients.created'), { 'emr.department': 'er' })).toBe(1);
    expect(sumValue(m.get('emr.visits.saved'))).toBe(1);
  });

  test('disabled: operations run untimed', async () => {
    instrumentation.disable();
    expect(emr.consultation(() => 'x')).toBe('x');
    emr.visitSaved();
    emr.startConsultation().end();
    expect(spans()).toHaveLength(0);
    instrumentation.enable();
    instrumentation.setMeterProvider(otel.meterProvider);
    instrumentation.setTracerProvider(otel.tracerProvider);
    expect(sumValue((await otel.collect()).get('emr.visits.saved'))).toBe(1);
  });

  test('without the instrumentation, the global meter provider is picked up once it is set', async () => {
    instrumentation.disable();
    instrumentation.enable();
    emr.visitSaved(); // before any global provider: a no-op instrument
    metrics.setGlobalMeterProvider(otel.meterProvider);
    emr.visitSaved();
    emr.visitSaved();
    expect(sumValue((await otel.collect()).get('emr.visits.saved'))).toBe(3);
    metrics.disable();
  });
});
