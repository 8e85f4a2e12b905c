import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import type { NormalizedTrace } from '../helpers/otlp-receiver.js';

// The OTLP outage through the wired product: OTEL_TRACES_EXPORTER=sqlite,otlp
// with nothing listening at the endpoint, a restart in between, then the
// receiver comes up on that port: every server span arrives exactly once.
// The wired product has no env for the retry backoff (5 s doubling, full
// jitter): the outage is kept to a few seconds, so the head has at most ~4
// attempts and the replay comes within 40 s (typically 1-8 s).
const { MockOtlpServer, normalizeTrace } = createRequire(import.meta.url)('@elastic/mockotlpserver') as {
  MockOtlpServer: new (opts: Record<string, unknown>) => { start(): Promise<void>; close(): Promise<void> };
  normalizeTrace(raw: unknown): NormalizedTrace;
};

const APP = resolve(ROOT, 'test/fixtures/storage/app.mjs');
const PER_PROCESS = 15;
const N = 2 * PER_PROCESS;

function read<T>(path: string, sql: string): T[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const serverSpanIds = (path: string): string[] => read<{ span_id: string }>(path, 'SELECT span_id FROM spans WHERE kind = 1').map((r) => r.span_id);
const queued = (path: string): number => Number(read<{ n: number }>(path, `SELECT COUNT(*) AS n FROM outbox WHERE signal = 'traces'`)[0]!.n);

async function handle(app: Child, count: number, tag: string): Promise<void> {
  const port = (await app.waitFor(/LISTENING (\d+)/))[1];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/visits/${tag}-${i}`);
    expect(res.status).toBe(200);
    await res.text();
  }
}

describe('OTLP outage through the preload, with a restart in between', () => {
  it('delivers every server span exactly once when the receiver comes back', { timeout: 60_000 }, async () => {
    const data = tempDir();
    const path = resolve(data, 'monitoring.db');
    const otlpPort = await freePort();
    const env = {
      VIGIL_DATA_DIR: data,
      OTEL_TRACES_EXPORTER: 'sqlite,otlp',
      OTEL_METRICS_EXPORTER: 'sqlite',
      OTEL_LOGS_EXPORTER: 'sqlite',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_SERVICE_NAME: 'outbox-e2e',
    };

    // First process: nothing listens at the endpoint.
    const first = startApp(APP, env);
    await handle(first, PER_PROCESS, 'a');
    await eventually(() => serverSpanIds(path).length === PER_PROCESS || undefined);
    await eventually(() => queued(path) > 0 || undefined);
    first.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(queued(path)).toBeGreaterThan(0);

    // Second process, same data dir, still no receiver.
    const second = startApp(APP, env);
    try {
      await handle(second, PER_PROCESS, 'b');
      const stored = await eventually(() => {
        const ids = serverSpanIds(path);
        return ids.length === N ? ids : undefined;
      });

      // The receiver comes back on the configured port.
      const received: string[] = [];
      const receiver = new MockOtlpServer({
        services: ['http'],
        httpHostname: '127.0.0.1',
        httpPort: otlpPort,
        logLevel: 'warn',
        onTrace: (raw: unknown) => {
          for (const rs of normalizeTrace(raw).resourceSpans)
            for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push(span.spanId);
        },
      });
      await receiver.start();
      const t0 = Date.now();
      try {
        await eventually(() => new Set(received).size >= N || undefined, 50_000, 200).catch(() => undefined);
        await eventually(() => queued(path) === 0 || undefined, 5_000).catch(() => undefined);
        console.log(`outbox-e2e: ${new Set(received).size}/${N} spans ${Date.now() - t0} ms after the receiver came back`);
        expect(new Set(received).size).toBe(N);
        expect(received.length).toBe(N); // none duplicated
        expect(new Set(received)).toEqual(new Set(stored));
        expect(queued(path)).toBe(0);
      } finally {
        await receiver.close();
      }
    } finally {
      second.kill('SIGKILL');
    }
  });
});
