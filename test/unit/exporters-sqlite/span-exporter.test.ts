import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteSpanExporter } from '../../../exporters/sqlite/index.js';
import { SPANS_PER_TURN } from '../../../exporters/sqlite/span-exporter.js';
import { threadWriterFor } from '../../../exporters/sqlite/thread-writer.js';
import type { Store } from '../../../src/store/types.js';
import { freshStore } from '../store/helpers.js';

describe.each([true, false])('SqliteSpanExporter (thread: %s)', (thread) => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  it('writes spans from a real TracerProvider with the right shape', async () => {
    const exporter = new SqliteSpanExporter({ store, thread });
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'emr-clinic' }),
      spanProcessors: [new BatchSpanProcessor({ exporter })],
    });
    const tracer = provider.getTracer('test-scope');
    const root = tracer.startSpan('GET /patients/:id', { kind: SpanKind.SERVER, attributes: { 'http.route': '/patients/:id', 'http.response.status_code': 200 } });
    const child = tracer.startSpan('db query', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), root));
    child.addEvent('retry', { attempt: 2 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
    child.end();
    root.end();
    // A span continuing a trace from another process: remote parent, still a local root.
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true });
    tracer.startSpan('POST /visits', {}, remote).end();
    await provider.forceFlush();
    expect(exporter.stats).toEqual({ written: 3, dropped: 0 });
    // The thread path really ran on the write thread (no silent fallback to the main thread).
    expect(threadWriterFor(store).running).toBe(thread);

    const rows = store.db
      .prepare('SELECT trace_id, span_id, parent_span_id, name, kind, duration_ms, status_code, status_message, service_name, scope_name, attributes, events, links, start_ms, end_ms, remote_parent FROM spans ORDER BY start_ms, name')
      .all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    const r = byName['GET /patients/:id']!;
    expect(r).toMatchObject({ span_id: root.spanContext().spanId, parent_span_id: null, kind: SpanKind.SERVER, service_name: 'emr-clinic', scope_name: 'test-scope', events: null, links: null, remote_parent: 0 });
    expect(JSON.parse(r.attributes as string)).toEqual({ 'http.route': '/patients/:id', 'http.response.status_code': 200 });
    const c = byName['db query']!;
    expect(c).toMatchObject({ parent_span_id: root.spanContext().spanId, trace_id: root.spanContext().traceId, status_code: 2, status_message: 'timeout' });
    expect(JSON.parse(c.events as string)).toMatchObject([{ name: 'retry', attributes: { attempt: 2 } }]);
    expect(byName['POST /visits']).toMatchObject({ parent_span_id: 'b'.repeat(16), remote_parent: 1, trace_id: 'a'.repeat(32) });
    expect(store.db.prepare('SELECT name FROM transactions ORDER BY name').all().map((x) => x.name)).toEqual(['GET /patients/:id', 'POST /visits']);

    // Nanosecond times are exact decimal text: past 2^53, a default node:sqlite reader could not read them as integers.
    const plain = new DatabaseSync(store.path, { readOnly: true });
    const ns = plain.prepare(`SELECT typeof(start_time_ns) AS t, start_time_ns AS s, end_time_ns AS e, start_ms FROM spans WHERE span_id = ?`).get(root.spanContext().spanId) as { t: string; s: string; e: string; start_ms: number };
    plain.close();
    expect(ns.t).toBe('text');
    expect(BigInt(ns.s) / 1_000_000n).toBe(BigInt(ns.start_ms));
    expect(Number(BigInt(ns.e) - BigInt(ns.s)) / 1e6).toBeCloseTo(r.duration_ms as number, 3);
    await provider.shutdown();
  });

  it('stores a batch once per export, and export never throws when the store is gone', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
    provider.getTracer('t').startSpan('x').end();
    provider.getTracer('t').startSpan('y').end();
    const exporter = new SqliteSpanExporter({ store, thread });
    const batch = memory.getFinishedSpans();
    expect(await new Promise((resolve) => exporter.export(batch, resolve))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM spans').get()).toEqual({ n: 2 });

    const off = new SqliteSpanExporter({ store: () => undefined, thread });
    const result = await new Promise((resolve) => off.export([], resolve));
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    await exporter.shutdown();
    const after = await new Promise((resolve) => exporter.export([], resolve));
    expect(after).toMatchObject({ code: ExportResultCode.FAILED });
  });

  const made = (n: number) => {
    const memory = new InMemorySpanExporter();
    const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] }).getTracer('t');
    for (let i = 0; i < n; i++) tracer.startSpan(`GET /r${i}`, { attributes: { 'http.route': `/r${i}`, i } }).end();
    return memory.getFinishedSpans();
  };

  it('turns a large batch into rows a slice per turn of the event loop (no long task for the app)', async () => {
    const exporter = new SqliteSpanExporter({ store, thread });
    const batch = made(SPANS_PER_TURN * 8);
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const result = await new Promise((resolve) => exporter.export(batch, resolve));
    done = true;
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    // The app's own callbacks ran between the slices: at least one turn per slice after the first.
    expect(turns).toBeGreaterThanOrEqual(7);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM spans').get()).toEqual({ n: batch.length });
    await exporter.shutdown();
  });

  it('at exit, writes a batch still being turned into rows, once', async () => {
    const exporter = new SqliteSpanExporter({ store, thread });
    const batch = made(SPANS_PER_TURN * 4);
    const result = new Promise((resolve) => exporter.export(batch, resolve));
    exporter.exportAtExit(made(3));
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM spans').get()).toEqual({ n: batch.length + 3 });
    expect(await result).toEqual({ code: ExportResultCode.SUCCESS });
    await new Promise((r) => setTimeout(r, 100));
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM spans').get()).toEqual({ n: batch.length + 3 });
  });
});
