import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { ScriptedServer, droppedCounter, exportAsync, makeSpans, outboxRows, tempDb, waitFor } from './helpers.js';

describe('retryable and non-retryable answers', () => {
  let server: ScriptedServer;
  let store: ReturnType<typeof tempDb>;
  let readDropped: () => Promise<Record<string, number>>;
  beforeAll(() => {
    readDropped = droppedCounter();
  });
  beforeEach(async () => {
    server = new ScriptedServer();
    await server.start();
    store = tempDb();
  });
  afterEach(async () => {
    await server.close();
    store.cleanup();
  });

  const exporterFor = () =>
    createOutboxSpanExporter({ protocol: 'http/json', url: `${server.url}/v1/traces`, db: () => store.db, initialBackoffMs: 50 });

  it('drops 400 and 413 without retrying, counted as non_retryable', async () => {
    server.script.push({ status: 400 }, { status: 413 });
    const exporter = exporterFor();
    const before = (await readDropped()).non_retryable ?? 0;
    expect((await exportAsync(exporter, makeSpans('bad'))).code).toBe(ExportResultCode.FAILED);
    expect((await exportAsync(exporter, makeSpans('too-big'))).code).toBe(ExportResultCode.FAILED);
    expect(outboxRows(store.db)).toHaveLength(0);
    expect((await readDropped()).non_retryable).toBe(before + 2);
    // The next request goes straight through: nothing was left queued in front of it.
    expect((await exportAsync(exporter, makeSpans('fine'))).code).toBe(ExportResultCode.SUCCESS);
    expect(server.spanNames()).toEqual(['fine']);
    await exporter.shutdown();
  });

  it('queues on 429 and delivers once the backend accepts', async () => {
    server.script.push({ status: 429 });
    const exporter = exporterFor();
    expect((await exportAsync(exporter, makeSpans('throttled'))).code).toBe(ExportResultCode.SUCCESS);
    expect(outboxRows(store.db)).toHaveLength(1);
    await waitFor(() => server.received.length === 1, 'the replay');
    expect(server.spanNames()).toEqual(['throttled']);
    await exporter.shutdown();
  });

  it('queues when nothing listens (network error)', async () => {
    const url = `${server.url}/v1/traces`;
    await server.close();
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url, db: () => store.db, initialBackoffMs: 60_000 });
    expect((await exportAsync(exporter, makeSpans('offline'))).code).toBe(ExportResultCode.SUCCESS);
    const [row] = outboxRows(store.db);
    expect(row.last_error).toMatch(/fetch failed|ECONNREFUSED/);
    await exporter.shutdown();
    expect(outboxRows(store.db)).toHaveLength(1);
  });

  it('drops a queued request that the backend later refuses as bad, and goes on', async () => {
    server.script.push({ status: 503 }, { status: 400 });
    const exporter = exporterFor();
    await exportAsync(exporter, makeSpans('first'));
    await exportAsync(exporter, makeSpans('second'));
    await waitFor(() => server.received.length === 1, 'the second request');
    expect(server.spanNames()).toEqual(['second']);
    await waitFor(() => outboxRows(store.db).length === 0, 'the queue to empty');
    await exporter.shutdown();
  });
});
