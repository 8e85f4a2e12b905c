import { describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import { createOutboxSpanExporter } from '../../../exporters/outbox/index.js';
import { exportAsync, makeSpans, outboxRows, waitFor, useBackend } from './helpers.js';

describe('replay order', () => {
  const t = useBackend();

  it('queues new exports behind a non-empty queue and replays oldest first', async () => {
    // First send is refused; everything after it must wait behind it even though the backend would accept.
    t.server.script.push({ status: 503, headers: { 'Retry-After': '1' } });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      initialBackoffMs: 200,
    });
    const names = ['r1', 'r2', 'r3', 'r4', 'r5'];
    // Concurrent exports, as a BatchSpanProcessor under load can issue them.
    const results = await Promise.all(names.map((n) => exportAsync(exporter, makeSpans(n))));
    expect(results.every((r) => r.code === ExportResultCode.SUCCESS)).toBe(true);
    await waitFor(() => t.server.received.length === names.length, 'all five requests');
    expect(t.server.spanNames()).toEqual(names);
    await waitFor(() => outboxRows(t.store.db).length === 0, 'the queue to empty');
    await exporter.shutdown();
  });

  it('does not skip ahead when a replayed request fails again', async () => {
    t.server.script.push({ status: 503 }, { status: 503 }, { status: 429 });
    const exporter = createOutboxSpanExporter({
      protocol: 'http/json',
      url: `${t.server.url}/v1/traces`,
      db: () => t.store.db,
      initialBackoffMs: 30,
    });
    await exportAsync(exporter, makeSpans('a'));
    await exportAsync(exporter, makeSpans('b'));
    await exportAsync(exporter, makeSpans('c'));
    await waitFor(() => t.server.received.length === 3, 'all three requests');
    expect(t.server.spanNames()).toEqual(['a', 'b', 'c']);
    await exporter.shutdown();
  });
});
