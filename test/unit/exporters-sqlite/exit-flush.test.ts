import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushAtExit, takePending } from '../../../exporters/sqlite/exit-flush.js';
import { SqliteLogRecordExporter, SqliteSpanExporter } from '../../../exporters/sqlite/index.js';
import { eventually } from '../../helpers/child.js';
import { count, freshStore } from '../store/helpers.js';

// process.exit() leaves only the synchronous `exit` event: what the batch
// processors and the write thread hold must be written there, at once.
describe('flushAtExit', () => {
  let fx: ReturnType<typeof freshStore>;
  beforeEach(() => (fx = freshStore()));
  afterEach(() => fx.dispose());

  it("reads the installed SDK's batch queues (private fields: an upgrade that renames them fails here)", () => {
    const exporter = new SqliteSpanExporter({ store: fx.store });
    const spans = new BatchSpanProcessor({ exporter, scheduledDelayMillis: 60_000 });
    new TracerProvider({ spanProcessors: [spans] }).getTracer('t').startSpan('s').end();
    const records = new BatchLogRecordProcessor({ exporter: new SqliteLogRecordExporter({ store: fx.store }), scheduledDelayMillis: 60_000 });
    new LoggerProvider({ processors: [records] }).getLogger('l').emit({ body: 'b' });
    expect(takePending(spans)).toHaveLength(1);
    expect(takePending(records)).toHaveLength(1);
    expect(takePending(spans)).toHaveLength(0);
  });

  it('writes the spans and log records still batched, synchronously', () => {
    const spanExporter = new SqliteSpanExporter({ store: fx.store });
    const logExporter = new SqliteLogRecordExporter({ store: fx.store });
    const spans = new BatchSpanProcessor({ exporter: spanExporter, scheduledDelayMillis: 60_000 });
    const records = new BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 60_000 });
    const tracer = new TracerProvider({ spanProcessors: [spans] }).getTracer('t');
    const logger = new LoggerProvider({ processors: [records] }).getLogger('l');
    for (let i = 0; i < 50; i++) {
      tracer.startSpan(`s${i}`).end();
      logger.emit({ body: `m${i}` });
    }
    flushAtExit([
      { processor: spans, exporter: spanExporter },
      { processor: records, exporter: logExporter },
    ]);
    // No await: at exit there is no later turn.
    expect(count(fx.store.db, 'spans')).toBe(50);
    expect(count(fx.store.db, 'messages')).toBe(50);
  });

  it('also writes the batches the write thread holds (here: waiting on a lock), each once', async () => {
    const exporter = new SqliteSpanExporter({ store: fx.store });
    const tracer = new TracerProvider({ spanProcessors: [] }).getTracer('t');
    const other = new DatabaseSync(fx.store.path);
    other.exec('BEGIN IMMEDIATE');
    const made = (n: number): ReadableSpan[] =>
      Array.from({ length: n }, (_, i) => {
        const s = tracer.startSpan(`held${i}`);
        s.end();
        return s as unknown as ReadableSpan;
      });
    for (let b = 0; b < 3; b++) exporter.export(made(10), () => {});
    await eventually(() => fx.lines.some((l) => l.includes('is locked by another process')));
    other.exec('COMMIT');
    other.close();
    exporter.exportAtExit(made(5));
    expect(count(fx.store.db, 'spans')).toBe(35);
    // The thread was stopped: nothing it had is written a second time later.
    await new Promise((r) => setTimeout(r, 600));
    expect(count(fx.store.db, 'spans')).toBe(35);
  });
});
