import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { ScriptedServer, exportAsync, makeSpans, outboxRows, tempDb, waitFor } from './helpers.js';

describe('replay order', () => {
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

  it('queues new exports behind a non-empty queue and replays oldest first', async () => {
    // First send is refused; everything after it must wait behind it even though the backend would accept.
    server.script.push({ status: 503, headers: { 'Retry-After': '1' } });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${server.url}/v1/traces`,
      db: () => store.db,
      initialBackoffMs: 200,
    });
    const names = ['r1', 'r2', 'r3', 'r4', 'r5'];
    // Concurrent exports, as a BatchSpanProcessor under load can issue them.
    const results = await Promise.all(names.map((n) => exportAsync(exporter, makeSpans(n))));
    expect(results.every((r) => r.code === ExportResultCode.SUCCESS)).toBe(true);
    await waitFor(() => server.received.length === names.length, 'all five requests');
    expect(server.spanNames()).toEqual(names);
    await waitFor(() => outboxRows(store.db).length === 0, 'the queue to empty');
    await exporter.shutdown();
  });

  it('does not skip ahead when a replayed request fails again', async () => {
    server.script.push({ status: 503 }, { status: 503 }, { status: 429 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${server.url}/v1/traces`,
      db: () => store.db,
      initialBackoffMs: 30,
    });
    await exportAsync(exporter, makeSpans('a'));
    await exportAsync(exporter, makeSpans('b'));
    await exportAsync(exporter, makeSpans('c'));
    await waitFor(() => server.received.length === 3, 'all three requests');
    expect(server.spanNames()).toEqual(['a', 'b', 'c']);
    await exporter.shutdown();
  });
});
