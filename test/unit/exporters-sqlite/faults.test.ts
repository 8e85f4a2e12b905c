import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteSpanExporter } from '../../../exporters/sqlite/index.js';
import { freshStore } from '../store/helpers.js';

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

  it.each([true, false])('a failing write (thread: %s) fails the batch with a warning, never throws', async (thread) => {
    fx.store.db.exec('DROP VIEW transactions; DROP TABLE spans');
    const exporter = new SqliteSpanExporter({ store: fx.store, thread });
    const result = await exportOnce(exporter, someSpans(3));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/no such table: spans/);
    expect(exporter.stats).toEqual({ written: 0, dropped: 3 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(fx.store.path);
    // Not a fault that stays: no problem line, the exporter stays on.
    expect(fx.lines).toEqual([]);
  });

  it('a fault that will not heal reports one line naming the file and switches the exporter off', async () => {
    fx.store.db.exec('PRAGMA query_only = ON'); // the handle now refuses writes: SQLITE_READONLY
    const exporter = new SqliteSpanExporter({ store: fx.store, thread: false });
    expect((await exportOnce(exporter, someSpans(2))).code).toBe(ExportResultCode.FAILED);
    expect(fx.lines).toHaveLength(1);
    expect(fx.lines[0]).toContain(fx.store.path);
    expect(fx.lines[0]).toMatch(/export is off/);
    // Off: later batches are dropped quietly (the line was said once), the app is never bothered.
    expect(await exportOnce(exporter, someSpans(2))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(exporter.stats).toEqual({ written: 0, dropped: 4 });
    expect(fx.lines).toHaveLength(1);
  });

  it('a closed store drops quietly', async () => {
    const exporter = new SqliteSpanExporter({ store: fx.store });
    fx.store.close();
    expect(await exportOnce(exporter, someSpans(1))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(exporter.stats.dropped).toBe(1);
  });
});
