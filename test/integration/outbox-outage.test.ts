import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { createOutboxSpanExporter } from '../../exporters/outbox/index.js';
import { outboxTableFor } from '../../exporters/outbox/outbox-table.js';
import { CLAIM_MS } from '../../src/store/outbox-claims.js';

// mockotlpserver is CommonJS without type declarations: describe the part used here.
interface DecodedTraceRequest {
  resourceSpans: { scopeSpans: { spans: { spanId: Uint8Array; name: string }[] }[] }[];
}
interface MockOtlpServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
}
const { MockOtlpServer } = createRequire(import.meta.url)('@elastic/mockotlpserver') as {
  MockOtlpServer: new (opts: Record<string, unknown>) => MockOtlpServerLike;
};

const PER_PHASE = 60; // requests handled in each of the three phases
const N = 3 * PER_PHASE;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** One "process" of the application: a TracerProvider with the outbox exporter and an HTTP app that makes one span a request. */
class App {
  readonly db: DatabaseSync;
  readonly provider: TracerProvider;
  private readonly exporter: SpanExporter;
  private server: Server | undefined;
  private url = '';

  constructor(dbPath: string, otlpUrl: string) {
    this.db = new DatabaseSync(dbPath);
    this.db.exec('PRAGMA journal_mode = WAL');
    const exporter = (this.exporter = createOutboxSpanExporter({
      protocol: 'http/protobuf',
      url: otlpUrl,
      db: () => this.db,
      initialBackoffMs: 100,
      maxBackoffMs: 400,
    }));
    this.provider = new TracerProvider({
      spanProcessors: [new BatchSpanProcessor({ exporter, maxExportBatchSize: 16, scheduledDelayMillis: 20 })],
    });
  }

  async start(): Promise<void> {
    const tracer = this.provider.getTracer('emr-clinic');
    this.server = createServer((req, res) => {
      const span = tracer.startSpan(`GET ${req.url ?? '/'}`);
      res.end('ok');
      span.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async handle(count: number, tag: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${this.url}/patients/${tag}-${i}`);
      await res.text();
    }
  }

  /**
   * BatchSpanProcessor.forceFlush does not wait for an export its timer already
   * started, so also wait for the exporter to have sent or queued what it was handed.
   */
  async flush(): Promise<void> {
    await this.provider.forceFlush();
    await this.exporter.forceFlush?.();
  }

  /** A clean stop: flush, final bounded drain, close the database. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    await this.provider.shutdown();
    this.db.close();
  }
}

/** A loopback OTLP receiver (not started) that records the span id of every span it is sent. */
async function spanReceiver(): Promise<{ received: string[]; receiver: MockOtlpServerLike; otlpUrl: string }> {
  const received: string[] = [];
  const port = await freePort();
  const receiver = new MockOtlpServer({
    services: ['http'],
    httpHostname: '127.0.0.1',
    httpPort: port,
    logLevel: 'warn',
    onTrace: (req: DecodedTraceRequest) => {
      for (const rs of req.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push(Buffer.from(span.spanId).toString('hex'));
    },
  });
  return { received, receiver, otlpUrl: `http://127.0.0.1:${port}/v1/traces` };
}

async function waitFor(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('OTLP outage with a restart in between', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-outbox-outage-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every span exactly once', async () => {
    const { received, receiver, otlpUrl } = await spanReceiver();
    const dbPath = join(dir, 'monitoring.db');

    // Phase 1: the receiver is up, spans go straight through.
    await receiver.start();
    const first = new App(dbPath, otlpUrl);
    await first.start();
    await first.handle(PER_PHASE, 'up');
    await first.flush();
    expect(new Set(received).size).toBe(PER_PHASE);

    // Phase 2: the receiver goes down; the application keeps handling requests, then restarts.
    await receiver.close();
    await first.handle(PER_PHASE, 'down-a');
    await first.stop();
    const queuedAtRestart = countOutbox(dbPath);
    expect(queuedAtRestart).toBeGreaterThan(0);

    // Phase 3: a new process over the same file, still no receiver.
    const second = new App(dbPath, otlpUrl);
    await second.start();
    await second.handle(PER_PHASE, 'down-b');
    await second.flush();
    expect(received.length).toBe(PER_PHASE);

    // The receiver comes back: everything queued by both processes arrives.
    await receiver.start();
    await waitFor(() => new Set(received).size === N, `${N} distinct spans`);
    await waitFor(() => countRows(second.db) === 0, 'an empty outbox');
    await second.stop();
    await receiver.close();

    expect(new Set(received).size).toBe(N);
    expect(received.length).toBe(N); // none duplicated
  });
});

describe('several processes sharing one monitoring.db through an outage', () => {
  it('delivers each queued row once, not once per process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-outbox-shared-'));
    const { received, receiver, otlpUrl } = await spanReceiver();
    const dbPath = join(dir, 'monitoring.db');
    // Three senders, each its own connection to the file, as cluster workers are; the receiver is down.
    const apps = [new App(dbPath, otlpUrl), new App(dbPath, otlpUrl), new App(dbPath, otlpUrl)];
    for (const app of apps) await app.start();
    await Promise.all(apps.map((app, i) => app.handle(PER_PHASE, `worker-${i}`)));
    await Promise.all(apps.map((app) => app.flush()));
    expect(countRows(apps[0]!.db)).toBeGreaterThan(0);
    expect(received).toEqual([]);

    // The receiver comes back while all three replay the same table.
    await receiver.start();
    await waitFor(() => new Set(received).size === N, `${N} distinct spans`, 60_000);
    await waitFor(() => countRows(apps[0]!.db) === 0, 'an empty outbox', 60_000);
    for (const app of apps) await app.stop();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });

    expect(new Set(received).size).toBe(N);
    expect(received.length).toBe(N); // no row sent by two processes
  });

  it('frees the rows a dead sender had claimed once its claim lapses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-outbox-claim-'));
    const path = join(dir, 'monitoring.db');
    const a = outboxTableFor(new DatabaseSync(path));
    const b = outboxTableFor(new DatabaseSync(path));
    for (let i = 0; i < 2; i++) a.enqueue({ signal: 'traces', url: 'u', contentType: 'c', body: new Uint8Array([i]), attempts: 0, nextAttemptMs: 0 });
    const now = Date.now();
    const first = a.claimHead('traces', now)!;
    // b skips a's claimed row and takes the next one; with nothing else left, nothing.
    expect(b.claimHead('traces', now)!.id).toBe(first.id + 1);
    expect(b.claimHead('traces', now + 1000)!.id).toBe(first.id + 1); // its own claim, renewed
    a.db.close(); // a dies holding its claim
    expect(b.claimHead('traces', now + CLAIM_MS + 1)!.id).toBe(first.id);
    b.db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

function countRows(db: DatabaseSync): number {
  return Number((db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n);
}

function countOutbox(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return countRows(db);
  } finally {
    db.close();
  }
}
