import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach } from 'vitest';
import { metrics } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Never answer (the client has to time out or abort). */
  hang?: boolean;
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A real OTLP-ish HTTP server on 127.0.0.1:0 answering from a script, then 200. */
export class ScriptedServer {
  readonly received: Received[] = [];
  readonly script: Reply[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const reply = this.script.shift() ?? { status: 200 };
        if (reply.hang) return;
        // Only 2xx deliveries count as received: that is what the backend keeps.
        if (reply.status < 300) this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.status < 300 ? '{}' : `status ${reply.status}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Span names of every received OTLP/JSON trace request, in arrival order. */
  spanNames(): string[] {
    return this.received.flatMap((r) => jsonSpans(r.body).map((s) => s.name));
  }
}

export function jsonSpans(body: Buffer): { name: string; spanId: string }[] {
  const req = JSON.parse(body.toString('utf8')) as {
    resourceSpans: { scopeSpans: { spans: { name: string; spanId: string }[] }[] }[];
  };
  return req.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

/** Real finished spans, one per name. */
export function makeSpans(...names: string[]): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('outbox-test');
  for (const name of names) tracer.startSpan(name).end();
  return memory.getFinishedSpans();
}

export function exportAsync(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** A fresh SQLite file in a temp dir; `cleanup` closes and deletes it. */
export function tempDb(): { path: string; db: DatabaseSync; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-outbox-'));
  const path = join(dir, 'monitoring.db');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  return {
    path,
    db,
    cleanup: () => {
      if (db.isOpen) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function outboxRows(db: DatabaseSync, signal = 'traces'): { id: number; attempts: number; next_attempt_ms: number; last_error: string | null; body: Uint8Array }[] {
  return db
    .prepare('SELECT id, attempts, next_attempt_ms, last_error, body FROM outbox WHERE signal = ? ORDER BY id')
    .all(signal) as never;
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** Registers a global MeterProvider (once per test file) and reads `vigil.export.dropped` by reason. */
export function droppedCounter(): () => Promise<Record<string, number>> {
  const reader = new PullReader();
  metrics.disable(); // a provider left by another test file in the same worker
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  return async () => {
    const { resourceMetrics } = await reader.collect();
    const out: Record<string, number> = {};
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name !== 'vigil.export.dropped') continue;
        for (const point of metric.dataPoints) {
          const reason = String(point.attributes.reason);
          out[reason] = (out[reason] ?? 0) + (point.value as number);
        }
      }
    }
    return out;
  };
}

/** A loopback URL where nothing listens: a port the OS just handed out and took back. */
export async function deadUrl(path = '/v1/traces'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}

/** A scripted OTLP backend and a temp SQLite file, fresh for each test of the calling suite. */
export function useBackend(): { readonly server: ScriptedServer; readonly store: ReturnType<typeof tempDb> } {
  const ctx = {} as { server: ScriptedServer; store: ReturnType<typeof tempDb> };
  beforeEach(async () => {
    ctx.server = new ScriptedServer();
    await ctx.server.start();
    ctx.store = tempDb();
  });
  afterEach(async () => {
    await ctx.server.close();
    ctx.store.cleanup();
  });
  return ctx;
}
