import { afterEach, describe, expect, it, vi } from 'vitest';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { createAlerting } from '../../../src/alerting/index.js';
import type { Alerting, Notification } from '../../../src/alerting/index.js';
import { clock } from './helpers.js';

describe('rules evaluated from a real MeterProvider through the alerting reader', () => {
  let provider: MeterProvider | undefined;
  let alerting: Alerting | undefined;
  afterEach(async () => {
    await alerting?.shutdown();
    await provider?.shutdown();
  });

  const setup = (rules: Array<{ name: string; expr: string; for?: string }>, exponential = false) => {
    const t = clock();
    const sent: Notification[] = [];
    alerting = createAlerting({
      now: t.now,
      timers: false,
      defaults: false,
      rules,
      routing: { groupWaitMs: 0 },
      channels: [{ type: 'custom', name: 'capture', handler: (n) => void sent.push(n) }],
    });
    provider = new MeterProvider({
      readers: [alerting.reader],
      ...(exponential ? { views: [{ instrumentName: '*', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] } : {}),
    });
    return { t, sent, meter: provider.getMeter('test'), alerting };
  };

  it('fires a p95 rule after "for", from recorded histogram values', async () => {
    const { t, sent, meter, alerting } = setup([{ name: 'SlowApi', expr: 'p95(http.server.request.duration) > 0.5 for 2m' }]);
    const h = meter.createHistogram('http.server.request.duration', { unit: 's' });
    for (let i = 0; i < 90; i++) h.record(0.05, { 'http.route': '/patients' });
    for (let i = 0; i < 10; i++) h.record(2.0, { 'http.route': '/patients' });
    await alerting.evaluate();
    expect(alerting.active().map((a) => a.state)).toEqual(['pending']);
    t.advance(120_000);
    await alerting.evaluate();
    expect(alerting.active().map((a) => a.state)).toEqual(['firing']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.alerts[0]!.value).toBeGreaterThan(0.5);
  });

  it('does not fire while p95 stays under the threshold', async () => {
    const { meter, alerting } = setup([{ name: 'SlowApi', expr: 'p95(http.server.request.duration) > 0.5' }]);
    const h = meter.createHistogram('http.server.request.duration');
    for (let i = 0; i < 100; i++) h.record(0.02);
    await alerting.evaluate();
    expect(alerting.active()).toEqual([]);
  });

  it('computes percentiles from exponential histograms too', async () => {
    const { meter, alerting } = setup([{ name: 'SlowDb', expr: 'p99(db.client.operation.duration) >= 1' }], true);
    const h = meter.createHistogram('db.client.operation.duration');
    for (let i = 0; i < 50; i++) h.record(0.01);
    for (let i = 0; i < 5; i++) h.record(3);
    await alerting.evaluate();
    const [a] = alerting.active();
    expect(a?.rule).toBe('SlowDb');
    expect(a?.value).toBeGreaterThan(2);
    expect(a?.value).toBeLessThanOrEqual(3);
  });

  it('counts an increase over a window from cumulative snapshots, and resolves when it ages out', async () => {
    const { t, meter, alerting } = setup([{ name: 'ApiErrors', expr: 'increase(http.server.request.duration{http.response.status_code=~"5.."}[5m]) >= 3' }]);
    const h = meter.createHistogram('http.server.request.duration');
    h.record(0.1, { 'http.response.status_code': 200 });
    h.record(0.1, { 'http.response.status_code': 500 });
    h.record(0.1, { 'http.response.status_code': 503 });
    await alerting.evaluate();
    expect(alerting.active()).toEqual([]);
    t.advance(60_000);
    h.record(0.1, { 'http.response.status_code': 502 });
    await alerting.evaluate();
    expect(alerting.active().map((a) => a.value)).toEqual([3]);
    // Six minutes later, with nothing new, the window holds no errors.
    for (let i = 0; i < 24; i++) {
      t.advance(15_000);
      await alerting.evaluate();
    }
    expect(alerting.active()).toEqual([]);
  });

  it('groups by a label with value() on a counter and rate() per second', async () => {
    const { t, meter, alerting } = setup([
      { name: 'ErrorRate', expr: 'rate(vigil.errors[1m]) by (error.type) > 0.1' },
      { name: 'Patients', expr: 'value(emr.patients.created) >= 2' },
    ]);
    const errors = meter.createCounter('vigil.errors');
    const patients = meter.createCounter('emr.patients.created');
    await alerting.evaluate();
    t.advance(60_000);
    errors.add(12, { 'error.type': 'TypeError' });
    errors.add(1, { 'error.type': 'RangeError' });
    patients.add(2);
    await alerting.evaluate();
    const labels = alerting.active().map((a) => [a.rule, a.labels['error.type'] ?? '', a.value]);
    expect(labels).toEqual([
      ['ErrorRate', 'TypeError', 0.2],
      ['Patients', '', 2],
    ]);
  });

  it('evaluates on its own (unref\'d) interval once registered with a MeterProvider', async () => {
    const sent: Notification[] = [];
    alerting = createAlerting({
      defaults: false,
      evaluationIntervalMs: 20,
      rules: [{ name: 'QueueDeep', expr: 'value(jobs.queue.depth) > 10' }],
      routing: { groupWaitMs: 0 },
      channels: [{ type: 'custom', name: 'capture', handler: (n) => void sent.push(n) }],
    });
    provider = new MeterProvider({ readers: [alerting.reader] });
    provider.getMeter('test').createGauge('jobs.queue.depth').record(42);
    await vi.waitFor(() => expect(sent).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(sent[0]!.alerts[0]!.value).toBe(42);
  });
});
