import { beforeAll, describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { ScriptedServer, deadUrl, droppedCounter, exportAsync, makeSpans } from './helpers.js';

describe('without a store', () => {
  let readDropped: () => Promise<Record<string, number>>;
  beforeAll(() => {
    readDropped = droppedCounter();
  });

  it('sends directly and counts what it could not send as no_store', async () => {
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: await deadUrl(), db: () => undefined });
    expect((await exportAsync(exporter, makeSpans('lost'))).code).toBe(ExportResultCode.FAILED);
    expect((await readDropped()).no_store).toBe(1);
    await exporter.shutdown();
  });

  it('still delivers when the backend is up', async () => {
    const server = new ScriptedServer();
    await server.start();
    try {
      const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: `${server.url}/v1/traces` });
      expect((await exportAsync(exporter, makeSpans('sent'))).code).toBe(ExportResultCode.SUCCESS);
      expect(server.spanNames()).toEqual(['sent']);
      await exporter.shutdown();
    } finally {
      await server.close();
    }
  });

  it('falls back to plain sends when the handle is closed', async () => {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(':memory:');
    db.close();
    const before = (await readDropped()).no_store ?? 0;
    const exporter = createOutboxSpanExporter({ protocol: 'http/json', url: await deadUrl(), db: () => db });
    expect((await exportAsync(exporter, makeSpans('lost'))).code).toBe(ExportResultCode.FAILED);
    expect((await readDropped()).no_store).toBe(before + 1);
    await exporter.shutdown();
  });
});
