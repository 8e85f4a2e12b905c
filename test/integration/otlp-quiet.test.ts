import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ROOT, eventually, freePort, startApp } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

// Quiet under failure: a backend answering 400, then 200, or not answering
// at all, under steady load. One line per kind, a counter, one recovery line.
const APP = resolve(ROOT, 'test/fixtures/apps/busy-app.mjs');
let child: Child | undefined;
let backend: Server | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  backend?.close();
});

/** An OTLP endpoint whose answer the test sets. */
async function fakeBackend(): Promise<{ url: string; status: { code: number }; hits: () => number }> {
  const status = { code: 400 };
  let hits = 0;
  backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      res.statusCode = status.code;
      res.end(status.code === 200 ? '' : 'rejected');
    });
  });
  await new Promise<void>((r) => backend!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`, status, hits: () => hits };
}

// Vigil's lines about the OTLP export (a loaded machine may add others, e.g. a slow metric collection).
const vigilLines = (c: Child) => c.stderr().split('\n').filter((l) => l.startsWith('vigil outbox'));

async function dropped(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('vigil_export_dropped') && l.includes('reason="non_retryable"') && l.includes('signal="traces"'));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a failing OTLP backend', () => {
  it('400 per batch: one line, no stacks, drops counted, one line when it accepts again', async () => {
    const be = await fakeBackend();
    const port = await freePort();
    child = startApp(APP, { VIGIL_PORT: String(port), OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: be.url });
    await child.waitFor(/LISTENING/);
    // Many batches rejected (one every 100 ms).
    await eventually(() => (be.hits() >= 15 ? true : undefined));
    const n = await eventually(async () => ((await dropped(port)) >= 10 ? dropped(port) : undefined));
    expect(n).toBeGreaterThanOrEqual(10);
    const lines = vigilLines(child);
    expect(child.stderr()).not.toContain('"stack"');
    expect(lines).toEqual(['vigil outbox: dropped a traces export (non_retryable): HTTP 400: rejected; further drops are counted in vigil.export.dropped']);
    be.status.code = 200;
    await eventually(() => (vigilLines(child!).length > 1 ? true : undefined));
    expect(vigilLines(child)[1]).toMatch(/^vigil outbox: traces backend accepts exports again after \d+ failed attempts$/);
  });

  it('unreachable without a store: one line, counted, no stacks', async () => {
    const dead = await freePort();
    const port = await freePort();
    child = startApp(APP, { VIGIL_PORT: String(port), OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${dead}`, VIGIL_DATA_DIR: '/dev/null/no-store' });
    await child.waitFor(/LISTENING/);
    const text = await eventually(async () => {
      const t = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const line = t.split('\n').find((l) => l.startsWith('vigil_export_dropped') && l.includes('reason="no_store"'));
      return line && Number(line.split(' ').pop()) >= 5 ? t : undefined;
    });
    expect(text).toContain('signal="traces"');
    const lines = vigilLines(child);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^vigil outbox: dropped a traces export \(no_store\): .*ECONNREFUSED/);
    expect(child.stderr()).not.toContain('"stack"');
  });
});
