import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { ScriptedServer, exportAsync, makeSpans, outboxRows, tempDb } from './helpers.js';

describe('shutdown', () => {
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

  it('makes one final drain of what is queued', async () => {
    server.script.push({ status: 503 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${server.url}/v1/traces`,
      db: () => store.db,
      initialBackoffMs: 60_000, // the loop would not retry before the test ends
    });
    await exportAsync(exporter, makeSpans('queued'));
    expect(outboxRows(store.db)).toHaveLength(1);
    await exporter.shutdown();
    expect(server.spanNames()).toEqual(['queued']);
    expect(outboxRows(store.db)).toHaveLength(0);
  });

  it('gives up at its bound and leaves an unanswered request queued', async () => {
    server.script.push({ hang: true, status: 0 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${server.url}/v1/traces`,
      db: () => store.db,
      timeoutMillis: 60_000,
      shutdownDrainMs: 200,
    });
    const pending = exportAsync(exporter, makeSpans('in-flight'));
    await exporter.shutdown();
    // The aborted send counts as "not delivered": queued for the next process, not lost.
    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
    expect(outboxRows(store.db)).toHaveLength(1);
  });

  it('queues exports that arrive after shutdown for the next process', async () => {
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: `${server.url}/v1/traces`, db: () => store.db });
    await exporter.shutdown();
    expect((await exportAsync(exporter, makeSpans('late'))).code).toBe(ExportResultCode.SUCCESS);
    expect(server.received).toHaveLength(0);
    expect(outboxRows(store.db)).toHaveLength(1);
  });
});
