import { afterAll, describe, expect, test } from 'vitest';
import { trackProgress } from '../../../src/progress/index.js';
import { counterValue, registerOtel } from '../api/otel.js';

describe('progress telemetry', () => {
  const otel = registerOtel();
  afterAll(() => otel.shutdown());

  test('each update is a span "progress <name>" covering the batch', async () => {
    const t = trackProgress('etl', { total: 30, jobId: 'etl-1' });
    const created = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    t.update({ processed: 10, batchSize: 10 });
    t.update({ processed: 10, failed: 3, batchSize: 10 });
    const spans = otel.spans.getFinishedSpans().filter((s) => s.name === 'progress etl');
    expect(spans).toHaveLength(2);
    expect(spans[1].attributes).toMatchObject({
      'vigil.progress.job': 'etl-1',
      'vigil.progress.batch_size': 10,
      'vigil.progress.batch_failed': 3,
      'vigil.progress.processed': 20,
    });
    // The first batch starts when the tracker does (before the wait), the next where the first ended.
    const ms = ([s, ns]: [number, number]) => s * 1e3 + ns / 1e6;
    expect(ms(spans[0].startTime)).toBeLessThanOrEqual(created);
    expect(ms(spans[1].startTime)).toBeGreaterThanOrEqual(ms(spans[0].startTime));
  });

  test('gauges vigil.progress.processed / failed / eta carry the job attribute', async () => {
    let now = 0;
    const t = trackProgress('gauged', { total: 100, jobId: 'gauged-1', clock: () => now });
    now = 2000;
    t.update({ processed: 40, failed: 4 });
    const all = await otel.collect();
    expect(counterValue(all.get('vigil.progress.processed'), { 'vigil.progress.job': 'gauged-1' })).toBe(40);
    expect(counterValue(all.get('vigil.progress.failed'), { 'vigil.progress.job': 'gauged-1' })).toBe(4);
    expect(counterValue(all.get('vigil.progress.eta'), { 'vigil.progress.job': 'gauged-1' })).toBe(3);
    t.complete();
    const after = await otel.collect();
    expect(counterValue(after.get('vigil.progress.eta'), { 'vigil.progress.job': 'gauged-1' })).toBe(0);
  });
});
