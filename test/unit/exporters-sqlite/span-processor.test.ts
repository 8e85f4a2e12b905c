import { DiagLogLevel, diag, metrics } from '@opentelemetry/api';
import { SamplingDecision, TracerProvider, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { DatabaseSync } from 'node:sqlite';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushAtExit } from '../../../exporters/sqlite/exit-flush.js';
import { SqliteSpanExporter, SqliteSpanProcessor } from '../../../exporters/sqlite/index.js';
import { threadWriterFor } from '../../../exporters/sqlite/thread-writer.js';
import { eventually } from '../../helpers/child.js';
import { captureQueueDrops } from '../../helpers/queue-drops.js';
import { count, freshStore } from '../store/helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Changes every span at its end, as the redaction processor does: the stored row must show it. */
const renaming: SpanProcessor = {
  onStart: () => {},
  onEnding: (span: Span) => void span.updateName(`${span.name} (redacted)`),
  onEnd: () => {},
  forceFlush: async () => {},
  shutdown: async () => {},
};

describe('SqliteSpanProcessor', () => {
  let fx: ReturnType<typeof freshStore>;
  beforeEach(() => (fx = freshStore()));
  afterEach(() => {
    fx.dispose();
    diag.disable();
    metrics.disable();
  });

  const setup = (options: ConstructorParameters<typeof SqliteSpanProcessor>[1], sampled = true) => {
    const exporter = new SqliteSpanExporter({ store: fx.store });
    const processor = new SqliteSpanProcessor(exporter, options);
    // RECORD: recorded (onEnd runs) but not sampled, which must not be stored.
    const sampler = { shouldSample: () => ({ decision: sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.RECORD }) };
    const tracer = new TracerProvider({ sampler, spanProcessors: [renaming, processor] }).getTracer('t');
    return { exporter, processor, tracer };
  };

  it('turns each span into its row as it ends, after the processors that change it, and keeps no span object', async () => {
    const { processor, tracer } = setup({ scheduledDelayMillis: 60_000 });
    const ended = (i: number): WeakRef<object> => {
      const span = tracer.startSpan(`s${i}`, { attributes: { i } });
      span.end();
      return new WeakRef(span);
    };
    const refs = Array.from({ length: 10 }, (_, i) => ended(i));
    await new Promise((r) => setImmediate(r));
    gc();
    // Nothing handed over yet (60 s delay, 10 < 64 rows), yet every span can be collected.
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    await processor.forceFlush();
    const names = fx.store.db.prepare('SELECT name FROM spans ORDER BY name').all().map((r) => r.name);
    expect(names).toEqual(Array.from({ length: 10 }, (_, i) => `s${i} (redacted)`).sort());
  });

  it('hands the rows over at the batch size without waiting for the delay, and after the delay otherwise', async () => {
    const { processor, tracer } = setup({ scheduledDelayMillis: 60_000, maxExportBatchSize: 4 });
    for (let i = 0; i < 9; i++) tracer.startSpan(`s${i}`).end();
    await eventually(() => count(fx.store.db, 'spans') === 8 || undefined);
    await processor.shutdown();
    expect(count(fx.store.db, 'spans')).toBe(9);

    const quick = setup({ scheduledDelayMillis: 20 });
    quick.tracer.startSpan('alone').end();
    await eventually(() => count(fx.store.db, 'spans') === 10 || undefined);
    await quick.processor.shutdown();
  });

  it('stores only sampled spans, and nothing after shutdown', async () => {
    const off = setup({}, false);
    off.tracer.startSpan('recorded, not sampled').end();
    await off.processor.forceFlush();
    expect(count(fx.store.db, 'spans')).toBe(0);

    const { processor, tracer, exporter } = setup({});
    tracer.startSpan('before').end();
    await processor.shutdown();
    tracer.startSpan('after').end();
    await processor.forceFlush();
    expect(fx.store.db.prepare('SELECT name FROM spans').all().map((r) => r.name)).toEqual(['before (redacted)']);
    expect(exporter.stats).toEqual({ written: 1, dropped: 0 });
  });

  it('drops beyond OTEL_BSP_MAX_QUEUE_SIZE, says it once and counts every drop in vigil.export.dropped{reason="queue_full"}', async () => {
    const { lines, droppedSpans } = captureQueueDrops();

    const { processor, tracer } = setup({ maxQueueSize: 4, maxExportBatchSize: 4, scheduledDelayMillis: 60_000 });
    // In one turn: the first 4 are on their way to the thread, the other 6 find the queue full.
    for (let burst = 0; burst < 2; burst++) {
      for (let i = 0; i < 10; i++) tracer.startSpan('s').end();
      await processor.forceFlush();
    }
    tracer.startSpan('after').end();
    await processor.forceFlush();

    expect(count(fx.store.db, 'spans')).toBe(9);
    const dropLines = lines.filter((l) => l.includes('maxQueueSize'));
    expect(dropLines).toHaveLength(1);
    expect(dropLines[0]).toMatch(/^vigil: Dropped 6 spans because maxQueueSize reached .*OTEL_BSP_MAX_QUEUE_SIZE/);
    // Every span ended is either stored or counted: 21 in all.
    expect(await droppedSpans()).toBe(21 - 9);
  });

  it('rows held behind a lock leave the queue (the thread retries them): later spans are not dropped, and all are written once it goes', async () => {
    const lines: string[] = [];
    const say = (m: string) => lines.push(m);
    diag.setLogger({ error: say, warn: say, info: say, debug: () => {}, verbose: () => {} }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    const { processor, tracer, exporter } = setup({ maxQueueSize: 8, maxExportBatchSize: 4, scheduledDelayMillis: 60_000 });
    const other = new DatabaseSync(fx.store.path);
    other.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 4; i++) tracer.startSpan(`held${i}`).end();
    // The hand-off meets the lock; the exporter answers at once and the thread keeps the rows.
    await processor.forceFlush();
    for (let i = 0; i < 8; i++) tracer.startSpan(`later${i}`).end();
    await processor.forceFlush();
    expect(lines.filter((l) => l.includes('maxQueueSize'))).toEqual([]);
    expect(count(fx.store.db, 'spans')).toBe(0);
    other.exec('COMMIT');
    other.close();
    await eventually(() => count(fx.store.db, 'spans') === 12 || undefined);
    expect(exporter.stats).toEqual({ written: 12, dropped: 0 });
  });

  it('at exit, writes the rows still waiting, synchronously', () => {
    const { processor, tracer } = setup({ scheduledDelayMillis: 60_000 });
    for (let i = 0; i < 50; i++) tracer.startSpan(`s${i}`).end();
    flushAtExit([{ exporter: processor }]);
    // No await: at exit there is no later turn.
    expect(count(fx.store.db, 'spans')).toBe(50);
  });

  it('starts the write thread soon after it is made, before any write', async () => {
    setup({ scheduledDelayMillis: 60_000 });
    expect(threadWriterFor(fx.store).running).toBe(false);
    await eventually(() => threadWriterFor(fx.store).running || undefined, 10_000);
  });
});
