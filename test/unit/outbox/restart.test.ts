import { describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { exportAsync, makeSpans, outboxRows, waitFor, useBackend } from './helpers.js';

describe('surviving a restart', () => {
  const t = useBackend();

  it('a fresh exporter over the same file sends what the previous one queued', async () => {
    // Down for the first process, including its final drain at shutdown.
    t.server.script.push({ status: 503 }, { status: 503 }, { status: 503 });
    const first = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      initialBackoffMs: 60_000,
    });
    expect((await exportAsync(first, makeSpans('before-1'))).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportAsync(first, makeSpans('before-2'))).code).toBe(ExportResultCode.SUCCESS);
    await first.shutdown();
    t.store.db.close();
    expect(t.server.received).toHaveLength(0);

    // "Next process": a new handle on the same file, a new exporter.
    const db = new DatabaseSync(t.store.path);
    try {
      expect(outboxRows(db)).toHaveLength(2);
      const second = createOutboxSpanExporter({
        protocol: 'http/json',
        url: `${t.server.url}/v1/traces`,
        db: () => db,
        initialBackoffMs: 60_000,
        maxBackoffMs: 50, // the rows' stored next attempt is a minute away; the cap brings it forward
      });
      expect((await exportAsync(second, makeSpans('after'))).code).toBe(ExportResultCode.SUCCESS);
      await waitFor(() => t.server.received.length === 3, 'the queued requests and the new one');
      expect(t.server.spanNames()).toEqual(['before-1', 'before-2', 'after']);
      await waitFor(() => outboxRows(db).length === 0, 'the queue to empty');
      await second.shutdown();
    } finally {
      db.close();
    }
  });

  it('picks up the queue at start-up, with no new export to wake it', async () => {
    t.server.script.push({ status: 503 }, { status: 503 });
    const first = createOutboxSpanExporter({ protocol: 'http/json', url: `${t.server.url}/v1/traces`, db: () => t.store.db, initialBackoffMs: 60_000 });
    await exportAsync(first, makeSpans('left-behind'));
    await first.shutdown();

    const second = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      maxBackoffMs: 50,
    });
    await waitFor(() => t.server.received.length === 1, 'the left-behind request');
    expect(t.server.spanNames()).toEqual(['left-behind']);
    await second.shutdown();
  });
});
