import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { vigilErrorHandler } from '../../../src/sdk/error-handler.js';
import { exportAsync, makeSpans, outboxRows, useBackend, waitFor } from './helpers.js';

// What an outage says: one line per kind, one line when it is over.
const warnings: string[] = [];
const logger: DiagLogger = {
  error: (m) => warnings.push(`error ${m}`),
  warn: (m) => warnings.push(m),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};
beforeEach(() => {
  warnings.length = 0;
  diag.setLogger(logger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
});
afterEach(() => diag.disable());

describe('the outbox under an outage', () => {
  const t = useBackend();

  it('queued while down: one line, then one line when the queue is replayed', async () => {
    t.server.script.push({ status: 503 }, { status: 503 }, { status: 503 });
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: `${t.server.url}/v1/traces`, db: () => t.store.db, initialBackoffMs: 30 });
    for (const n of ['a', 'b', 'c']) await exportAsync(exporter, makeSpans(n));
    await waitFor(() => t.server.received.length === 3, 'all three requests');
    await waitFor(() => outboxRows(t.store.db).length === 0, 'the queue to empty');
    await waitFor(() => warnings.length === 2, 'the recovery line');
    expect(warnings[0]).toBe('vigil outbox: traces backend unavailable (HTTP 503: status 503), queuing to the outbox');
    expect(warnings[1]).toMatch(/^vigil outbox: traces backend accepts exports again after \d+ failed attempts?; 3 queued requests replayed$/);
    await exporter.shutdown();
  });

  it('rejected batches: the failed result is not said again by the SDK error handler', async () => {
    t.server.script.push({ status: 400 }, { status: 400 }, { status: 400 });
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: `${t.server.url}/v1/traces`, db: () => t.store.db });
    const handler = vigilErrorHandler();
    for (const n of ['a', 'b', 'c']) {
      const r = await exportAsync(exporter, makeSpans(n));
      handler(r.error!);
      // What PeriodicExportingMetricReader does with it.
      handler(new Error(`PeriodicExportingMetricReader: metrics export failed (error ${String(r.error)})`));
    }
    expect(warnings).toEqual(['vigil outbox: dropped a traces export (non_retryable): HTTP 400: status 400; further drops are counted in vigil.export.dropped']);
    await exportAsync(exporter, makeSpans('ok'));
    expect(warnings[1]).toBe('vigil outbox: traces backend accepts exports again after 3 failed attempts');
    await exporter.shutdown();
  });

  it("an SDK error of Vigil's own kind is said once, without a stack", () => {
    const handler = vigilErrorHandler();
    for (let i = 0; i < 5; i++) handler(new Error('database is locked\n    at x (y.js:1:1)'));
    handler(new Error('another kind'));
    expect(warnings).toEqual(['vigil: database is locked (said once; repeats go to OTEL_LOG_LEVEL=debug)', 'vigil: another kind (said once; repeats go to OTEL_LOG_LEVEL=debug)']);
  });
});
