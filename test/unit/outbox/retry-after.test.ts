import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { ScriptedServer, exportAsync, makeSpans, outboxRows, tempDb, waitFor } from './helpers.js';

describe('a 503 with Retry-After', () => {
  let server: ScriptedServer;
  let store: ReturnType<typeof tempDb>;
  beforeEach(async () => {
    server = new ScriptedServer();
    await server.start();
    store = tempDb();
  });
  afterEach(async () => {
    await server.close();
    store.cleanup();
  });

  it('queues the request, waits as told, then replays it', async () => {
    server.script.push({ status: 503, headers: { 'Retry-After': '1' } });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${server.url}/v1/traces`,
      db: () => store.db,
      initialBackoffMs: 10,
    });
    const before = Date.now();
    const result = await exportAsync(exporter, makeSpans('visit'));

    // Safely queued, so not a failure for the SDK.
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const [row] = outboxRows(store.db);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/HTTP 503/);
    // Retry-After: 1 wins over the 10 ms backoff.
    expect(row.next_attempt_ms).toBeGreaterThanOrEqual(before + 1_000);
    expect(server.received).toHaveLength(0);

    await waitFor(() => server.received.length === 1, 'the replay');
    expect(server.spanNames()).toEqual(['visit']);
    expect(server.received[0].headers['content-type']).toBe('application/json');
    await waitFor(() => outboxRows(store.db).length === 0, 'the row to be deleted');
    await exporter.shutdown();
  });

  it('keeps backing off while the backend keeps answering 503/502/504', async () => {
    server.script.push({ status: 503 }, { status: 502 }, { status: 504 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${server.url}/v1/traces`,
      db: () => store.db,
      initialBackoffMs: 20,
      maxBackoffMs: 40,
    });
    expect((await exportAsync(exporter, makeSpans('lab-order'))).code).toBe(ExportResultCode.SUCCESS);
    await waitFor(() => server.received.length === 1, 'delivery after three failures');
    expect(server.spanNames()).toEqual(['lab-order']);
    await waitFor(() => outboxRows(store.db).length === 0, 'the row to be deleted');
    await exporter.shutdown();
  });
});
