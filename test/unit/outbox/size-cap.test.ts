import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { deadUrl, droppedCounter, exportAsync, jsonSpans, makeSpans, outboxRows, tempDb } from './helpers.js';

describe('the outbox size cap', () => {
  let store: ReturnType<typeof tempDb>;
  let DOWN_URL: string; // every send fails with a network error
  let readDropped: () => Promise<Record<string, number>>;
  beforeAll(() => {
    readDropped = droppedCounter();
  });
  beforeEach(async () => {
    DOWN_URL = await deadUrl();
    store = tempDb();
  });
  afterEach(() => {
    store.cleanup();
  });

  it('drops the oldest queued requests first and counts them as outbox_full', async () => {
    const requestBytes = JsonTraceSerializer.serializeRequest(makeSpans('n0'))!.byteLength;
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: DOWN_URL,
      db: () => store.db,
      initialBackoffMs: 60_000,
      // Room for three requests, not four.
      maxOutboxMb: (3.5 * requestBytes) / (1024 * 1024),
    });
    for (const name of ['n1', 'n2', 'n3', 'n4', 'n5', 'n6']) {
      expect((await exportAsync(exporter, makeSpans(name))).code).toBe(ExportResultCode.SUCCESS);
    }
    const kept = outboxRows(store.db).map((r) => jsonSpans(Buffer.from(r.body))[0].name);
    expect(kept).toEqual(['n4', 'n5', 'n6']);
    expect((await readDropped()).outbox_full).toBe(3);
    await exporter.shutdown();
  });

  it('refuses a single request larger than the whole cap', async () => {
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: DOWN_URL,
      db: () => store.db,
      initialBackoffMs: 60_000,
      maxOutboxMb: 100 / (1024 * 1024),
    });
    const before = (await readDropped()).outbox_full ?? 0;
    expect((await exportAsync(exporter, makeSpans('huge'))).code).toBe(ExportResultCode.FAILED);
    expect(outboxRows(store.db)).toHaveLength(0);
    expect((await readDropped()).outbox_full).toBe(before + 1);
    await exporter.shutdown();
  });
});
