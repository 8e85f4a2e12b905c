import { describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { exportAsync, makeSpans, outboxRows, useBackend } from './helpers.js';

describe('shutdown', () => {
  const t = useBackend();

  it('makes one final drain of what is queued', async () => {
    t.server.script.push({ status: 503 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      initialBackoffMs: 60_000, // the loop would not retry before the test ends
    });
    await exportAsync(exporter, makeSpans('queued'));
    expect(outboxRows(t.store.db)).toHaveLength(1);
    await exporter.shutdown();
    expect(t.server.spanNames()).toEqual(['queued']);
    expect(outboxRows(t.store.db)).toHaveLength(0);
  });

  it('gives up at its bound and leaves an unanswered request queued', async () => {
    t.server.script.push({ hang: true, status: 0 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      timeoutMillis: 60_000,
      shutdownDrainMs: 200,
    });
    const pending = exportAsync(exporter, makeSpans('in-flight'));
    await exporter.shutdown();
    // The aborted send counts as "not delivered": queued for the next process, not lost.
    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
    expect(outboxRows(t.store.db)).toHaveLength(1);
  });

  it('queues exports that arrive after shutdown for the next process', async () => {
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: `${t.server.url}/v1/traces`, db: () => t.store.db });
    await exporter.shutdown();
    expect((await exportAsync(exporter, makeSpans('late'))).code).toBe(ExportResultCode.SUCCESS);
    expect(t.server.received).toHaveLength(0);
    expect(outboxRows(t.store.db)).toHaveLength(1);
  });
});
