import { diag, DiagLogLevel, metrics, type DiagLogger } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteSpanExporter } from '../../../exporters/sqlite/index.js';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { count, freshStore } from '../store/helpers.js';

function someSpans(n: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  for (let i = 0; i < n; i++) provider.getTracer('t').startSpan(`s${i}`).end();
  return memory.getFinishedSpans();
}

const exportOnce = (e: SqliteSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> => new Promise((resolve) => e.export(spans, resolve));

describe('SQLite exporter faults', () => {
  const warnings: string[] = [];
  let fx: ReturnType<typeof freshStore>;
  beforeEach(() => {
    warnings.length = 0;
    const logger: DiagLogger = { error: () => {}, warn: (m: string) => warnings.push(m), info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, DiagLogLevel.WARN);
    fx = freshStore();
  });
  afterEach(() => {
    diag.disable();
    fx.dispose();
  });

  it.each([true, false])('a failing write (thread: %s) is one line naming the file, then counted; a line when writes recover', async (thread) => {
    const ddl = (fx.store.db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'spans'`).get() as { sql: string }).sql;
    fx.store.db.exec('DROP VIEW transactions; DROP TABLE spans');
    const exporter = new SqliteSpanExporter({ store: fx.store, thread });
    // SUCCESS on purpose: a FAILED result makes the SDK print a stack per batch.
    for (let i = 0; i < 3; i++) expect(await exportOnce(exporter, someSpans(3))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(exporter.stats).toEqual({ written: 0, dropped: 9 });
    expect(fx.lines).toHaveLength(1);
    expect(fx.lines[0]).toContain(fx.store.path);
    expect(fx.lines[0]).toMatch(/no such table: spans/);
    expect(fx.lines[0]).toMatch(/counted in vigil\.store\.write_errors/);
    // The table comes back (a restore, say): one line says so, with what was lost.
    fx.store.db.exec(ddl);
    expect(await exportOnce(exporter, someSpans(2))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(exporter.stats.written).toBe(2);
    expect(fx.lines).toHaveLength(2);
    expect(fx.lines[1]).toMatch(/recovered .*3 failed or retried batches, 9 rows lost/);
    expect(warnings).toEqual([]);
  });

  it('counts each failed batch in vigil.store.write_errors and vigil.export.dropped', async () => {
    const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    try {
      fx.store.db.exec('DROP VIEW transactions; DROP TABLE spans');
      const exporter = new SqliteSpanExporter({ store: fx.store, thread: false });
      for (let i = 0; i < 3; i++) await exportOnce(exporter, someSpans(2));
      const { resourceMetrics } = await reader.collect();
      const points = (name: string) => resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints);
      expect(points('vigil.store.write_errors').map((p) => [p.attributes, p.value])).toEqual([[{ kind: 'other' }, 3]]);
      expect(points('vigil.export.dropped').map((p) => [p.attributes, p.value])).toEqual([[{ reason: 'store_error', signal: 'traces' }, 3]]);
    } finally {
      metrics.disable();
    }
  });

  it('a fault that will not heal reports one line naming the file and switches the exporter off', async () => {
    fx.store.db.exec('PRAGMA query_only = ON'); // the handle now refuses writes: SQLITE_READONLY
    const exporter = new SqliteSpanExporter({ store: fx.store, thread: false });
    expect((await exportOnce(exporter, someSpans(2))).code).toBe(ExportResultCode.SUCCESS);
    expect(fx.lines).toHaveLength(1);
    expect(fx.lines[0]).toContain(fx.store.path);
    expect(fx.lines[0]).toMatch(/export is off/);
    // Off: later batches are dropped quietly (the line was said once), the app is never bothered.
    expect(await exportOnce(exporter, someSpans(2))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(exporter.stats).toEqual({ written: 0, dropped: 4 });
    expect(fx.lines).toHaveLength(1);
  });

  it('a write that finds damaged pages sets the file aside, says so once, and writes the batch to a fresh one', async () => {
    const db = fx.store.db;
    const insert = db.prepare(`INSERT INTO spans (span_id, name, start_ms, attributes) VALUES (?, 'old', ?, ?)`);
    db.exec('BEGIN');
    for (let i = 0; i < 2000; i++) insert.run(`s${i}`, i, 'a'.repeat(200));
    db.exec('COMMIT');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    // dd-style writes over the pages after the header, under the running store.
    const pageSize = 4096;
    const fd = openSync(fx.store.path, 'r+');
    for (let p = 2; p < 60; p++) writeSync(fd, randomBytes(pageSize), 0, pageSize, p * pageSize);
    closeSync(fd);
    // The write thread opens its connection now and reads the damaged pages.
    const exporter = new SqliteSpanExporter({ store: fx.store, thread: true });
    expect(await exportOnce(exporter, someSpans(4))).toEqual({ code: ExportResultCode.SUCCESS });
    await exporter.forceFlush();
    // The file and the WAL that went with it.
    const aside = readdirSync(fx.dir).filter((f) => f.startsWith('monitoring.db.corrupt-') && !f.endsWith('-wal'));
    expect(aside).toHaveLength(1);
    expect(fx.lines, fx.lines.join('\n')).toHaveLength(1);
    expect(fx.lines[0]).toContain(join(fx.dir, aside[0]!));
    expect(fx.store.generation).toBe(1);
    expect(count(fx.store.db, 'spans')).toBe(4);
    expect(exporter.stats).toEqual({ written: 4, dropped: 0 });
  });

  it('a closed store drops quietly', async () => {
    const exporter = new SqliteSpanExporter({ store: fx.store });
    fx.store.close();
    expect(await exportOnce(exporter, someSpans(1))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(exporter.stats.dropped).toBe(1);
  });
});
