import { describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { exportAsync, makeSpans, outboxRows, waitFor, useBackend } from './helpers.js';

describe('a 503 with Retry-After', () => {
  const t = useBackend();

  it('queues the request, waits as told, then replays it', async () => {
    t.server.script.push({ status: 503, headers: { 'Retry-After': '1' } });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      initialBackoffMs: 10,
    });
    const before = Date.now();
    const result = await exportAsync(exporter, makeSpans('visit'));

    // Safely queued, so not a failure for the SDK.
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const [row] = outboxRows(t.store.db);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/HTTP 503/);
    // Retry-After: 1 wins over the 10 ms backoff.
    expect(row.next_attempt_ms).toBeGreaterThanOrEqual(before + 1_000);
    expect(t.server.received).toHaveLength(0);

    await waitFor(() => t.server.received.length === 1, 'the replay');
    expect(t.server.spanNames()).toEqual(['visit']);
    expect(t.server.received[0].headers['content-type']).toBe('application/json');
    await waitFor(() => outboxRows(t.store.db).length === 0, 'the row to be deleted');
    await exporter.shutdown();
  });

  it('keeps backing off while the backend keeps answering 503/502/504', async () => {
    t.server.script.push({ status: 503 }, { status: 502 }, { status: 504 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      initialBackoffMs: 20,
      maxBackoffMs: 40,
    });
    expect((await exportAsync(exporter, makeSpans('lab-order'))).code).toBe(ExportResultCode.SUCCESS);
    await waitFor(() => t.server.received.length === 1, 'delivery after three failures');
    expect(t.server.spanNames()).toEqual(['lab-order']);
    await waitFor(() => outboxRows(t.store.db).length === 0, 'the row to be deleted');
    await exporter.shutdown();
  });
});
