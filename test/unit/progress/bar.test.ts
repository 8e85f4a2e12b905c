import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { trackProgress } from '../../../src/progress/index.js';

function stream(isTTY: boolean): { s: NodeJS.WriteStream; out: () => string } {
  const p = new PassThrough();
  const chunks: Buffer[] = [];
  p.on('data', (c: Buffer) => chunks.push(c));
  Object.assign(p, { isTTY });
  return { s: p as unknown as NodeJS.WriteStream, out: () => Buffer.concat(chunks).toString() };
}

describe('terminal progress bar', () => {
  test('draws on a TTY and ends with a newline at complete', async () => {
    const { s, out } = stream(true);
    const t = trackProgress('bar-job', { total: 4, bar: true, stream: s });
    t.update({ processed: 2 });
    t.update({ processed: 2 });
    t.complete();
    await new Promise((r) => setImmediate(r));
    const text = out();
    expect(text).toMatch(/^\rbar-job \[█+░*\] 50\.0% 2\/4/);
    expect(text).toContain('100.0% 4/4');
    expect(text.endsWith('\n')).toBe(true);
  });

  test('silent when the stream is not a TTY, or when bar is off', async () => {
    const piped = stream(false);
    const t = trackProgress('quiet-job', { total: 2, bar: true, stream: piped.s });
    t.update({ processed: 2 });
    t.complete();
    const tty = stream(true);
    const off = trackProgress('off-job', { total: 2, stream: tty.s });
    off.update({ processed: 2 });
    off.complete();
    await new Promise((r) => setImmediate(r));
    expect(piped.out()).toBe('');
    expect(tty.out()).toBe('');
  });
});
